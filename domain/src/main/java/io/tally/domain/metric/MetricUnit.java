package io.tally.domain.metric;

import io.tally.domain.common.InvalidValueException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a metric's numbers are: a {@link #COUNT} of things, a plain {@link #NUMBER}, {@link #MONEY} (an amount
 * in the currency of its group), a {@link #PERCENT} (0 to 100), {@link #SECONDS} or {@link #MEGABYTES}
 * (10^6 bytes). Without decimals of its own, a derived metric is rounded to its unit's default.
 */
public enum MetricUnit {
    COUNT(0),
    NUMBER(2),
    MONEY(2),
    PERCENT(2),
    SECONDS(2),
    MEGABYTES(2);

    private final int defaultDecimals;

    MetricUnit(int defaultDecimals) {
        this.defaultDecimals = defaultDecimals;
    }

    /** Decimals of a derived value of this unit when the metric names none (money: the currency's minor unit, this when unknown). */
    public int defaultDecimals() {
        return defaultDecimals;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MetricUnit fromWireName(String value, String field) {
        for (MetricUnit unit : values()) {
            if (unit.wireName().equals(value)) {
                return unit;
            }
        }
        throw new InvalidValueException(field, "must be one of " + Arrays.stream(values()).map(MetricUnit::wireName)
                .collect(Collectors.joining(", ")));
    }
}
