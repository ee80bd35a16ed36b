package io.tally.adapter.out.persistence.analytics;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.application.port.out.UsageAggregationPort.CustomerCount;
import io.tally.domain.analytics.Aggregation;
import io.tally.domain.analytics.DerivedDimension;
import io.tally.domain.analytics.ItemJoin;
import io.tally.domain.analytics.Measurement;
import io.tally.domain.analytics.Measurements;
import io.tally.domain.analytics.Meter;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Meters measured from the events themselves ({@code usage_event}): {@code count}, {@code sum}, {@code avg},
 * {@code min}, {@code max}, {@code unique_count}, and {@code latest} for one customer, with filters and groups,
 * for the tenant or one customer; also the most active customers, and how many customers were active. All
 * meters of one event type and group-by are measured by one statement, {@link #MEASURE}, with one or two
 * aggregate columns per meter; each meter's filters sit in its aggregates' {@code FILTER} clauses. The monthly partitions are split by
 * {@code HASH (tenant_id, type)}, so a statement reads only its type's share of the period's months; a
 * customer's events are found through {@code (tenant_id, customer_id, occurred_at)}.
 */
@Singleton
class RawEventSource {

    /**
     * Every meter of one event type and group-by, per bucket and group. Slots: {@code {groupColumns}} and
     * {@code {groupNames}} from {@link EventSql}, {@code {aggregates}} from {@link #aggregates}, {@code {customer}}
     * from {@link EventSql#customer}. Parameters: the bucket starts, tenant, type, from, to. Columns: the bucket
     * (1 for the first), the group's values, then the aggregates in the meters' order.
     *
     * <p>The bucket and group columns come from a subquery PostgreSQL keeps as it is ({@code OFFSET 0}), so that it
     * groups by columns it has no statistics of, and estimates few groups, which is right: an answer has at most
     * {@code AnalyticsQuery.MAX_CELLS} buckets × groups. Grouping {@code width_bucket(e.occurred_at, ?)} directly, it
     * takes the number of distinct {@code occurred_at} (nearly one per event) as the number of groups, and sorts every
     * event of the period instead of hashing them into a few hundred groups: the sort spills to disk at the stock
     * {@code work_mem} and took 2–3 times as long (30 days of 185,000 call events by agent: 200 ms on three processes
     * instead of 71 ms on one; a year of 2.2 million: 2.1 s instead of 0.8 s).
     */
    private static final String MEASURE = """
            SELECT bucket{groupNames}, {aggregates}
              FROM (SELECT width_bucket(e.occurred_at, ?) AS bucket{groupColumns}, e.occurred_at, e.source, e.event_id, e.data
                      FROM usage_event e
                     WHERE e.tenant_id = ? AND e.type = ?{customer} AND e.occurred_at >= ? AND e.occurred_at < ?
                    OFFSET 0) e
             GROUP BY bucket{groupNames}""";

    /**
     * {@link #MEASURE} for meters that read their events' items ({@link io.tally.domain.analytics.ItemJoin}) or the @
     * dimensions ({@link io.tally.domain.analytics.DerivedDimension}): each event's {@code data} is its item's
     * dimensions, then the @ dimensions, then its own data (the later wins), so that filters, groups and
     * {@code unique_count} read them all as the event's own. Slots as {@link #MEASURE}, and {@code {item}} (nothing,
     * or {@link #ITEM}) and {@code {derived}} ({@link #derived}). Parameters: the bucket starts, the slots' own, tenant,
     * type, from, to.
     */
    private static final String MEASURE_WITH_ITEMS = """
            SELECT bucket{groupNames}, {aggregates}
              FROM (SELECT width_bucket(e.occurred_at, ?) AS bucket{groupColumns}, e.occurred_at, e.source, e.event_id, e.data
                      FROM (SELECT e.occurred_at, e.source, e.event_id, {itemData} || jsonb_build_object({derived}) || e.data AS data
                              FROM usage_event e{item}
                             WHERE e.tenant_id = ? AND e.type = ?{customer} AND e.occurred_at >= ? AND e.occurred_at < ?) e
                    OFFSET 0) e
             GROUP BY bucket{groupNames}""";

    /**
     * Each event's item: of the item type's events of the same customer (ever) with a value of the join's dimension,
     * the first per value by time, then source, then id, with its dimensions (its strings) only. Hash-joined on the
     * value, so the item type's events are read once per statement. Slot: {@code {itemCustomer}}. Parameters: the
     * join's dimension, tenant, item type, the join's dimension.
     */
    private static final String ITEM = """

              LEFT JOIN (SELECT DISTINCT ON (k.customer_id, k.item_key) k.customer_id, k.item_key, k.occurred_at, k.source, k.event_id,
                                (SELECT jsonb_object_agg(d.key, d.value) FROM jsonb_each(k.data) d WHERE jsonb_typeof(d.value) = 'string') AS dims
                           FROM (SELECT i.customer_id, i.data ->> ? AS item_key, i.data, i.occurred_at, i.source, i.event_id
                                   FROM usage_event i
                                  WHERE i.tenant_id = ? AND i.type = ?{itemCustomer}) k
                          WHERE k.item_key IS NOT NULL
                          ORDER BY k.customer_id, k.item_key, k.occurred_at, k.source, k.event_id) i
                ON i.customer_id = e.customer_id AND i.item_key = e.data ->> ?""";

    /**
     * The aggregate of each aggregation; {@code {measure}} is {@link EventSql#measure} of the meter's measure,
     * {@code {filter}} {@link EventSql#filter} of its filters; a {@code unique_count}'s two {@code ?} are its
     * dimension. An average is two columns: the sum, and how many events carried the measure.
     */
    private static final Map<Aggregation, String> AGGREGATES = Map.of(
            Aggregation.COUNT, "count(*) FILTER (WHERE {filter})",
            Aggregation.SUM, "sum({measure}) FILTER (WHERE {filter})",
            Aggregation.AVG, "sum({measure}) FILTER (WHERE {filter}), count({measure}) FILTER (WHERE {filter})",
            Aggregation.MIN, "min({measure}) FILTER (WHERE {filter})",
            Aggregation.MAX, "max({measure}) FILTER (WHERE {filter})",
            Aggregation.UNIQUE_COUNT, "count(DISTINCT e.data ->> ?) FILTER (WHERE {filter} AND jsonb_typeof(e.data -> ?) = 'string')",
            Aggregation.LATEST, """
                    (array_agg({measure} ORDER BY e.occurred_at DESC, e.source DESC, e.event_id DESC)
                        FILTER (WHERE {filter} AND {measure} IS NOT NULL))[1]""");

    /** The customers with the most events of a meter in [from, to). Slot: {@code {filter}}. Parameters: tenant, type, from, to, tenant, limit. */
    private static final String TOP_CUSTOMERS = """
            SELECT c.external_id, t.n
              FROM (SELECT e.customer_id, count(*) AS n
                      FROM usage_event e
                     WHERE e.tenant_id = ? AND e.type = ? AND e.occurred_at >= ? AND e.occurred_at < ?
                       AND e.customer_id IS NOT NULL AND {filter}
                     GROUP BY e.customer_id) t
              JOIN customer c ON c.tenant_id = ? AND c.customer_id = t.customer_id
             ORDER BY t.n DESC, c.external_id
             LIMIT ?""";

    /**
     * How many distinct customers had events, of any type, in each bucket. Slot: {@code {customer}}. Parameters:
     * the bucket starts, tenant, from, to. Columns: the bucket, the count (buckets without customers are absent).
     * Not limited to one type, it reads all of the tenant's events of the period's months (every hash
     * subpartition); one customer's are found through {@code (tenant_id, customer_id, occurred_at)}.
     */
    private static final String ACTIVE_CUSTOMERS = """
            SELECT width_bucket(e.occurred_at, ?) AS bucket, count(DISTINCT e.customer_id)
              FROM usage_event e
             WHERE e.tenant_id = ?{customer} AND e.occurred_at >= ? AND e.occurred_at < ? AND e.customer_id IS NOT NULL
             GROUP BY bucket""";

    private final JdbcOperations jdbc;

    RawEventSource(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** All meters of a step (of one event type, group-by and join) into {@code measured}, by one statement. */
    void measure(EventScope scope, MeasurementPlan.FromEvents step, TimeZoneId zone, BucketStarts starts, Measurements.Builder measured) {
        List<String> groupBy = step.groupBy();
        List<Meter> meters = step.meters();
        query(scope, step, zone, starts).forEachRow(jdbc, rows -> {
            int bucket = rows.getInt(1) - 1;
            List<String> key = EventSql.groupKey(rows, 2, groupBy.size());
            int column = 2 + groupBy.size();
            for (Meter meter : meters) {
                Measurement measurement = switch (meter.aggregation()) {
                    case COUNT, UNIQUE_COUNT -> Measurement.of(BigDecimal.valueOf(rows.getLong(column++)));
                    case AVG -> {
                        BigDecimal sum = rows.getBigDecimal(column++);
                        yield new Measurement(sum, rows.getLong(column++));
                    }
                    default -> Measurement.of(rows.getBigDecimal(column++));
                };
                measured.put(meter.key(), bucket, key, measurement);
            }
        });
    }

    /** {@link #MEASURE} (or {@link #MEASURE_WITH_ITEMS}) for the step's meters. */
    static BoundSql query(EventScope scope, MeasurementPlan.FromEvents step, TimeZoneId zone, BucketStarts starts) {
        Map<String, BoundSql> slots = new HashMap<>(Map.of(
                "groupColumns", EventSql.groupColumns(step.groupBy()),
                "groupNames", EventSql.groupNames(step.groupBy()),
                "aggregates", aggregates(step.meters()),
                "customer", EventSql.customer(scope)));
        if (!step.readsItems()) {
            return BoundSql.fill(MEASURE, slots, starts, scope.tenantId(), step.eventType().value(), scope.from(), scope.to());
        }
        slots.put("derived", derived(step.join().isPresent(), zone));
        if (step.join().isPresent()) {
            ItemJoin join = step.join().get();
            BoundSql itemCustomer = scope.customerId().map(id -> BoundSql.of(" AND i.customer_id = ?", id)).orElse(BoundSql.EMPTY);
            slots.put("item", BoundSql.fill(ITEM, Map.of("itemCustomer", itemCustomer), join.on(), scope.tenantId(), join.itemType().value(),
                    join.on()));
            slots.put("itemData", BoundSql.of("COALESCE(i.dims, jsonb_build_object())"));
        } else {
            slots.put("item", BoundSql.EMPTY);
            slots.put("itemData", BoundSql.of("jsonb_build_object()"));
        }
        return BoundSql.fill(MEASURE_WITH_ITEMS, slots, starts, scope.tenantId(), step.eventType().value(), scope.from(), scope.to());
    }

    /**
     * The @ dimensions as {@code jsonb_build_object} arguments: the weekday and hour of the item's time (the event's
     * own without a join) in {@code zone}, and with a join {@code @first}, whether the event is its item. A missing
     * item gives them no value (JSON null, which {@code ->>} reads as SQL null).
     */
    static BoundSql derived(boolean joined, TimeZoneId zone) {
        String time = joined ? "i.occurred_at" : "e.occurred_at";
        String parts = "'" + DerivedDimension.WEEKDAY.wireName() + "', to_char(" + time + " AT TIME ZONE ?, 'Dy'), '"
                + DerivedDimension.HOUR.wireName() + "', to_char(" + time + " AT TIME ZONE ?, 'HH24'), '"
                + DerivedDimension.WEEKDAY_HOUR.wireName() + "', to_char(" + time + " AT TIME ZONE ?, 'Dy HH24:00')";
        if (joined) {
            parts += ", '" + DerivedDimension.FIRST.wireName() + "', CASE WHEN i.event_id IS NULL THEN NULL"
                    + " WHEN i.source = e.source AND i.event_id = e.event_id THEN 'true' ELSE 'false' END";
        }
        return BoundSql.of(parts, zone.value(), zone.value(), zone.value());
    }

    /**
     * The aggregate columns of these meters, comma-separated, in the meters' order: each meter's entry of
     * {@link #AGGREGATES} with its measure and filters in the slots. The only part of {@link #MEASURE} that
     * varies with the meters.
     */
    static BoundSql aggregates(List<Meter> meters) {
        List<BoundSql> columns = new ArrayList<>(meters.size());
        for (Meter meter : meters) {
            String template = AGGREGATES.get(meter.aggregation());
            if (template == null) {
                throw new IllegalArgumentException(meter.aggregation().wireName() + " is not measured from the events in one statement");
            }
            Map<String, BoundSql> slots = meter.measure().isPresent()
                    ? Map.of("filter", EventSql.filter(meter.filters()), "measure", EventSql.measure(meter.measure().get()))
                    : Map.of("filter", EventSql.filter(meter.filters()));
            columns.add(meter.dimension().isPresent()
                    ? BoundSql.fill(template, slots, meter.dimension().get(), meter.dimension().get())
                    : BoundSql.fill(template, slots));
        }
        return BoundSql.join(", ", columns);
    }

    /** The number of distinct customers with events in each of {@code buckets} buckets, by one statement. */
    long[] activeCustomers(EventScope scope, BucketStarts starts, int buckets) {
        long[] active = new long[buckets];
        BoundSql query = BoundSql.fill(ACTIVE_CUSTOMERS, Map.of("customer", EventSql.customer(scope)), starts, scope.tenantId(), scope.from(),
                scope.to());
        query.forEachRow(jdbc, rows -> active[rows.getInt(1) - 1] = rows.getLong(2));
        return active;
    }

    /** The customers with the highest count of the meter's events in [from, to), at most {@code limit}, highest first. */
    List<CustomerCount> topCustomers(EventScope scope, Meter meter, int limit) {
        BoundSql query = BoundSql.fill(TOP_CUSTOMERS, Map.of("filter", BoundSql.fill("{filter}{withheld}", Map.of("filter", EventSql.filter(meter.filters()), "withheld", EventSql.withheld(scope)))),
                scope.tenantId(), meter.eventType().value(), scope.from(), scope.to(), scope.tenantId(), limit);
        List<CustomerCount> top = new ArrayList<>();
        query.forEachRow(jdbc, rows -> top.add(new CustomerCount(CustomerId.of(rows.getString(1)), rows.getLong(2))));
        return top;
    }
}
