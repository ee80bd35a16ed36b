package io.tally.domain.analytics;

import java.math.BigDecimal;

/**
 * What the store measured for one meter in one bucket and group, before the meter's rules make a figure of
 * it: the aggregate ({@code amount}: count, sum, min, max, distinct values, last value or peak; null when
 * there was nothing to take it from) and, for an average, how many events carried the measure.
 */
public record Measurement(BigDecimal amount, long count) {

    public static final Measurement NONE = new Measurement(null, 0);

    public static Measurement of(BigDecimal amount) {
        return new Measurement(amount, 0);
    }
}
