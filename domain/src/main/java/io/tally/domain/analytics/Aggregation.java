package io.tally.domain.analytics;

import io.tally.domain.common.InvalidValueException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a meter turns events into a number. In an empty bucket, {@code count}, {@code sum},
 * {@code unique_count} and {@code max_concurrent} are 0; {@code avg}, {@code min}, {@code max} and
 * {@code latest} have no value (null): there is nothing to average or to take the last of.
 */
public enum Aggregation {
    /** Number of events. */
    COUNT(false, false),
    /** Sum of a measure over the events that carry it. */
    SUM(true, false),
    /** Mean of a measure over the events that carry it. */
    AVG(true, false),
    /** Smallest value of a measure. */
    MIN(true, false),
    /** Largest value of a measure. */
    MAX(true, false),
    /** Number of distinct values of a dimension. */
    UNIQUE_COUNT(false, true),
    /**
     * The measure's last value in the bucket (by event time); for many customers at once, the sum of each
     * customer's last value (a gauge such as storage adds up across customers).
     */
    LATEST(true, false),
    /** The most intervals [time, time + measure seconds) that overlap at one instant. */
    MAX_CONCURRENT(true, false);

    private final boolean needsMeasure;
    private final boolean needsDimension;

    Aggregation(boolean needsMeasure, boolean needsDimension) {
        this.needsMeasure = needsMeasure;
        this.needsDimension = needsDimension;
    }

    public boolean needsMeasure() {
        return needsMeasure;
    }

    public boolean needsDimension() {
        return needsDimension;
    }

    /** True when an empty bucket is 0 rather than no value. */
    public boolean zeroWhenEmpty() {
        return this == COUNT || this == SUM || this == UNIQUE_COUNT || this == MAX_CONCURRENT;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Aggregation fromWireName(String value) {
        for (Aggregation aggregation : values()) {
            if (aggregation.wireName().equals(value)) {
                return aggregation;
            }
        }
        throw new InvalidValueException("aggregation", "must be one of " + wireNames());
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(Aggregation::wireName).collect(Collectors.joining(", "));
    }
}
