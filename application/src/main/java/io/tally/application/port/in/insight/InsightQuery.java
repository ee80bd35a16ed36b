package io.tally.application.port.in.insight;

import io.tally.domain.access.Actor;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.MetricKey;
import java.util.Objects;
import java.util.Optional;

/**
 * Insights of one metric's series: whose ({@code customer}, else the tenant), over the last {@code days} finished days
 * (daily buckets; weeks or months: the finished ones those days reach), forecast {@code horizon} buckets ahead, and for a
 * money metric in which {@code currency}.
 */
public record InsightQuery(Actor actor, MetricKey metric, Optional<CustomerId> customer, int days, BucketSize bucket, int horizon,
                           Optional<String> currency) {

    public static final int DEFAULT_DAYS = 90;
    public static final int MIN_DAYS = 14;
    public static final int MAX_DAYS = 365;
    public static final int DEFAULT_HORIZON = 14;
    public static final int MAX_HORIZON = 90;

    public InsightQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(currency, "currency");
        if (days < MIN_DAYS || days > MAX_DAYS) {
            throw new InvalidValueException("days", "must be " + MIN_DAYS + " to " + MAX_DAYS);
        }
        if (horizon < 1 || horizon > MAX_HORIZON) {
            throw new InvalidValueException("horizon", "must be 1 to " + MAX_HORIZON);
        }
        if (bucket == BucketSize.HOUR) {
            throw new InvalidValueException("bucket", "insights are over day, week or month buckets");
        }
    }
}
