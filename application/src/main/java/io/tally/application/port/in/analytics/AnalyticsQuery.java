package io.tally.application.port.in.analytics;

import io.tally.application.port.in.PeriodSpec;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A meter over a period, for one customer or the whole tenant, per bucket, optionally per value of up to
 * two dimensions ({@code groupBy}) and only for events whose dimensions equal {@code filters}; with
 * {@code compare}, also over the period before. Groups are ordered by their total ({@code descending} or
 * not) and the first {@code limit} (1 to {@value #MAX_LIMIT}) are kept.
 */
public record AnalyticsQuery(Actor actor, MeterKey meter, Optional<CustomerId> customer, PeriodSpec period, BucketSize bucket,
                             List<String> groupBy, Map<String, String> filters, boolean compare, boolean descending, int limit) {

    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 10;
    public static final long MAX_CELLS = 10_000;

    public AnalyticsQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(bucket, "bucket");
        groupBy = List.copyOf(groupBy);
        filters = Map.copyOf(filters);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be between 1 and " + MAX_LIMIT);
        }
    }
}
