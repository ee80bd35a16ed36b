package io.tally.adapter.out.persistence.analytics;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.domain.analytics.Measurement;
import io.tally.domain.analytics.Measurements;
import io.tally.domain.analytics.Meter;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * A tenant-wide {@code latest} from {@code usage_event}: per bucket (and group), each customer's last value of
 * the measure, added up, as a gauge such as storage adds up across customers. The last value is the one of the
 * latest event, ties broken by source and id, so the answer does not depend on the order of arrival. Events
 * without a customer count as one more customer. One customer's {@code latest} is an aggregate of
 * {@link RawEventSource}.
 */
@Singleton
class LatestValueSource {

    /**
     * Slots: {@code {groupColumns}} and {@code {groupNames}} from {@link EventSql}, {@code {measure}} and
     * {@code {filter}} of the meter. Parameters: the bucket starts, tenant, type, from, to. Columns: the bucket,
     * the group's values, the sum.
     */
    private static final String LATEST_PER_CUSTOMER = """
            SELECT bucket{groupNames}, sum(v)
              FROM (SELECT DISTINCT ON (bucket{groupNames}, customer_id) bucket{groupNames}, v
                      FROM (SELECT width_bucket(e.occurred_at, ?) AS bucket{groupColumns}, e.customer_id, e.occurred_at, e.source,
                                   e.event_id, {measure} AS v
                              FROM usage_event e
                             WHERE e.tenant_id = ? AND e.type = ? AND e.occurred_at >= ? AND e.occurred_at < ? AND {filter}) x
                     WHERE v IS NOT NULL
                     ORDER BY bucket{groupNames}, customer_id, occurred_at DESC, source DESC, event_id DESC) latest
             GROUP BY bucket{groupNames}""";

    private final JdbcOperations jdbc;

    LatestValueSource(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** One tenant-wide {@code latest} meter into {@code measured}. */
    void measure(EventScope scope, Meter meter, BucketStarts starts, Measurements.Builder measured) {
        if (scope.customerId().isPresent()) {
            throw new IllegalArgumentException("one customer's latest value is measured from the raw events");
        }
        int groups = meter.groupBy().size();
        BoundSql query = BoundSql.fill(LATEST_PER_CUSTOMER, Map.of(
                        "groupColumns", EventSql.groupColumns(meter.groupBy()),
                        "groupNames", EventSql.groupNames(meter.groupBy()),
                        "measure", EventSql.measure(meter.measure().orElseThrow()),
                        "filter", withheld(EventSql.filter(meter.filters()), scope)),
                starts, scope.tenantId(), meter.eventType().value(), scope.from(), scope.to());
        query.forEachRow(jdbc, rows -> measured.put(meter.key(), rows.getInt(1) - 1, EventSql.groupKey(rows, 2, groups),
                Measurement.of(rows.getBigDecimal(2 + groups))));
    }

    /** The meter's filter, and the condition that leaves out the withheld customers' events. */
    private static BoundSql withheld(BoundSql filter, EventScope scope) {
        return BoundSql.fill("{filter}{withheld}", Map.of("filter", filter, "withheld", EventSql.withheld(scope)));
    }
}
