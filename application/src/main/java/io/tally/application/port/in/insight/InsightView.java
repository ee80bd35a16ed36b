package io.tally.application.port.in.insight;

import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.Period;
import io.tally.domain.metric.Metric;
import io.tally.domain.target.TargetAssessment;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The insights of a series as shown: the metric, the period of finished buckets and their values, the bucket left out
 * (the current one, unfinished), the currency of a money metric, whether a forecast's lower bounds were floored at 0
 * (a metric that can't be negative), the insights themselves, and where the figure's targets stand.
 */
public record InsightView(Metric metric, Optional<String> customer, Period period, List<Bucket> buckets, List<BigDecimal> values,
                          Bucket leftOut, Optional<String> currency, boolean nonNegative, SeriesReading insights, List<TargetAssessment> targets,
                          Instant at) {

    public InsightView {
        Objects.requireNonNull(metric, "metric");
        buckets = List.copyOf(buckets);
        values = List.copyOf(values);
        Objects.requireNonNull(insights, "insights");
        targets = List.copyOf(targets);
    }
}
