package io.tally.domain.common;

import java.util.Currency;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** An ISO 4217 currency code in upper case, such as {@code USD} or {@code EUR}. */
public record CurrencyCode(String value) {

    private static final Set<String> CODES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    public static final CurrencyCode USD = new CurrencyCode("USD");

    public CurrencyCode {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new InvalidValueException("'" + value + "' is not an ISO 4217 currency code (for example USD or EUR)");
        }
    }

    public static CurrencyCode of(String value) {
        return new CurrencyCode(value);
    }

    public static boolean isValid(String value) {
        return value != null && value.length() == 3 && CODES.contains(value);
    }

    /** Digits after the decimal point in the currency's minor unit (2 for USD, 0 for JPY, 3 for KWD). */
    public int minorUnitDigits() {
        return Math.max(0, Currency.getInstance(value).getDefaultFractionDigits());
    }

    @Override
    public String toString() {
        return value;
    }
}
