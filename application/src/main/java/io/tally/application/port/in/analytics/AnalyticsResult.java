package io.tally.application.port.in.analytics;

import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.Period;
import io.tally.domain.metric.Metric;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The answer to an analytics query: the buckets, then one series per metric (one for a meter question). A
 * series has per group its key (the values of the series' dimensions), its value in every bucket, its total
 * over the period and, when compared, over the period before and the growth; and the total of all groups
 * together (none for money in several currencies, which is never added up). {@code asOf} is empty when the figures
 * were read on the primary database (they are current), else the instant the read replica they came from is current
 * to ({@link io.tally.application.port.out.ReadReplicaPort}).
 */
public record AnalyticsResult(Period period, List<Bucket> buckets, boolean compared, List<SeriesResult> series, Optional<Instant> asOf) {

    public AnalyticsResult {
        buckets = List.copyOf(buckets);
        series = List.copyOf(series);
        asOf = asOf == null ? Optional.empty() : asOf;
    }

    /** An answer read on the primary. */
    public AnalyticsResult(Period period, List<Bucket> buckets, boolean compared, List<SeriesResult> series) {
        this(period, buckets, compared, series, Optional.empty());
    }

    /** This answer, read where {@code asOf} says. */
    public AnalyticsResult withAsOf(Optional<Instant> asOf) {
        return new AnalyticsResult(period, buckets, compared, series, asOf);
    }

    /** The only series of a meter question. */
    public SeriesResult only() {
        return series.getFirst();
    }

    /**
     * One metric's answer; {@code meter} is the meter asked about, for a meter question (the metric is then the
     * meter as a metric of the same key). {@code empty} is the value of a group without any data: 0 for counts and
     * sums, none (null) for averages and ratios.
     */
    public record SeriesResult(Metric metric, Optional<Meter> meter, List<String> dimensions, List<Group> groups, Optional<Total> total,
                               BigDecimal empty) {

        public SeriesResult {
            dimensions = List.copyOf(dimensions);
            groups = List.copyOf(groups);
        }
    }

    /** {@code key} and {@code values} may hold nulls: an event without the dimension, a bucket without a value. */
    public record Group(List<String> key, List<BigDecimal> values, Total total) {

        public Group {
            key = Collections.unmodifiableList(new ArrayList<>(key));
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    public record Total(BigDecimal value, BigDecimal previous, BigDecimal growthPct) {
    }
}
