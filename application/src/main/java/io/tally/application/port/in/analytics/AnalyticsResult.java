package io.tally.application.port.in.analytics;

import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.Period;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The answer to an analytics query: the buckets, then per group its key (the group-by dimensions' values),
 * its value in every bucket, its total over the period and, when compared, over the period before and the
 * growth; and the totals of all groups together.
 */
public record AnalyticsResult(Meter meter, Period period, List<Bucket> buckets, List<Group> groups, Total total, boolean compared) {

    public AnalyticsResult {
        buckets = List.copyOf(buckets);
        groups = List.copyOf(groups);
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
