package io.tally.domain.common;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An exact amount in one currency. Amounts are never converted between currencies; sums are kept per
 * currency. {@link #amountText()} writes the amount with at least the currency's minor digits (12.3 USD is
 * "12.30") and never drops digits it has (0.0425 USD stays "0.0425").
 */
public record Money(BigDecimal amount, CurrencyCode currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), CurrencyCode.of(currency));
    }

    public String amountText() {
        BigDecimal stripped = amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros();
        return stripped.setScale(Math.max(currency.minorUnitDigits(), Math.max(0, stripped.scale()))).toPlainString();
    }
}
