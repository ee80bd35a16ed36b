package io.tally.application.port.in.analytics;

import io.tally.application.port.in.PeriodSpec;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.MetricKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A question about one meter, or about up to {@value QueryDefinition#MAX_METRICS} metrics over the same buckets,
 * asked by someone: over a period, for one customer or the whole tenant, per bucket, optionally per value of up to
 * two dimensions ({@code groupBy}) and only for events whose dimensions equal {@code filters}; with
 * {@code compare}, also over the period before. Groups are ordered by their total ({@code descending} or not) and
 * the first {@code limit} (1 to {@value QueryDefinition#MAX_LIMIT}) are kept.
 */
public record AnalyticsQuery(Actor actor, QueryDefinition definition) {

    public static final long MAX_CELLS = 10_000;

    public AnalyticsQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(definition, "definition");
    }

    public Optional<MeterKey> meter() {
        return definition.meter();
    }

    public List<MetricKey> metrics() {
        return definition.metrics();
    }

    public Optional<CustomerId> customer() {
        return definition.customer();
    }

    public PeriodSpec period() {
        return definition.period();
    }

    public BucketSize bucket() {
        return definition.bucket();
    }

    public List<String> groupBy() {
        return definition.groupBy();
    }

    public Map<String, String> filters() {
        return definition.filters();
    }

    public boolean compare() {
        return definition.compare();
    }

    public boolean descending() {
        return definition.descending();
    }

    /** The metric whose groups (ordered and limited) every metric of the question answers, when given. */
    public Optional<MetricKey> orderBy() {
        return definition.orderBy();
    }

    public int limit() {
        return definition.limit();
    }
}
