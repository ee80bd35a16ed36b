package io.tally.domain.query;

import java.util.Objects;
import java.util.Optional;

/**
 * How a saved query has been used: how often it ran, when last, and how long its recent runs took (the median and
 * the 95th percentile, in milliseconds, of the last {@value #RECENT_RUNS} runs; empty before the first).
 */
public record RunStats(long runCount, Optional<java.time.Instant> lastRunAt, Optional<Long> p50Millis, Optional<Long> p95Millis) {

    public static final int RECENT_RUNS = 100;
    public static final RunStats NONE = new RunStats(0, Optional.empty(), Optional.empty(), Optional.empty());

    public RunStats {
        Objects.requireNonNull(lastRunAt, "lastRunAt");
        Objects.requireNonNull(p50Millis, "p50Millis");
        Objects.requireNonNull(p95Millis, "p95Millis");
        if (runCount < 0) {
            throw new IllegalArgumentException("a run count is not negative");
        }
    }
}
