package io.tally.domain.analytics;

import java.time.Instant;
import java.util.Objects;

/**
 * One slice [start, end) of a period. {@code label} names it in the period's timezone: the hour with its
 * offset ({@code 2026-11-01T01:00-04:00}), the day ({@code 2026-11-01}), the week's Monday, or the month
 * ({@code 2026-11}).
 */
public record Bucket(Instant start, Instant end, String label) {

    public Bucket {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(label, "label");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a bucket ends after it starts");
        }
    }
}
