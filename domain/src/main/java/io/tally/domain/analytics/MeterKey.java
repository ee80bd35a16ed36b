package io.tally.domain.analytics;

import io.tally.domain.common.InvalidValueException;
import java.util.Objects;
import java.util.regex.Pattern;

/** A meter's key, such as {@code api_calls_made}: 1 to 64 lower-case letters, digits and '_', starting with a letter. */
public record MeterKey(String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public MeterKey {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new InvalidValueException("key", "must be 1-64 lower-case letters, digits and '_', starting with a letter");
        }
    }

    public static MeterKey of(String value) {
        return new MeterKey(value);
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
