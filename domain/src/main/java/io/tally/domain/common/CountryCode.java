package io.tally.domain.common;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** An ISO 3166-1 alpha-2 country code in upper case, such as {@code DE} or {@code TW}. */
public record CountryCode(String value) {

    private static final Set<String> CODES = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

    public CountryCode {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new InvalidValueException("'" + value + "' is not an ISO 3166-1 alpha-2 country code (for example DE or TW)");
        }
    }

    public static CountryCode of(String value) {
        return new CountryCode(value);
    }

    public static boolean isValid(String value) {
        return value != null && CODES.contains(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
