package io.tally.domain.metric;

import io.tally.domain.common.InvalidValueException;
import java.util.Objects;
import java.util.regex.Pattern;

/** A metric's key, such as {@code success_rate}: 1 to 64 lower-case letters, digits and '_', starting with a letter. */
public record MetricKey(String value) implements Comparable<MetricKey> {

    private static final Pattern FORMAT = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public MetricKey {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new InvalidValueException("key", "must be 1-64 lower-case letters, digits and '_', starting with a letter");
        }
    }

    public static MetricKey of(String value) {
        return new MetricKey(value);
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    @Override
    public int compareTo(MetricKey other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
