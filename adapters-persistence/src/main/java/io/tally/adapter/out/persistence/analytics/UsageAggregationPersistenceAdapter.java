package io.tally.adapter.out.persistence.analytics;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.adapter.out.persistence.CustomerKeys;
import io.tally.adapter.out.persistence.EventSchemaCatalog;
import io.tally.adapter.out.persistence.Sql;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.application.port.out.UsageAggregationPort;
import io.tally.domain.analytics.Aggregation;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.MaxConcurrent;
import io.tally.domain.analytics.Measurement;
import io.tally.domain.analytics.Measurements;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.usage.EventType;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Measures meters in SQL. Tenant-wide, ungrouped, unfiltered count, sum, avg, min and max read the 15-minute
 * rollups (plus the deltas not folded yet) when every bucket starts on a slot boundary, which holds in every
 * timezone with a whole-quarter-hour offset; everything else reads the events, one query per event type and
 * grouping for all meters that share them. The events' monthly partitions are split by (tenant, type), so a
 * query reads only the part holding its type.
 */
@Connectable
@Singleton
class UsageAggregationPersistenceAdapter implements UsageAggregationPort {

    private static final Set<Aggregation> ROLLED_UP = Set.of(Aggregation.COUNT, Aggregation.SUM, Aggregation.AVG, Aggregation.MIN, Aggregation.MAX);
    private static final String MEASURE = "CASE WHEN jsonb_typeof(e.data -> ?) = 'number' THEN (e.data ->> ?)::numeric END";

    private final JdbcOperations jdbc;
    private final TenantKeys tenants;
    private final CustomerKeys customers;
    private final EventSchemaCatalog schema;

    UsageAggregationPersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants, CustomerKeys customers, EventSchemaCatalog schema) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.customers = customers;
        this.schema = schema;
    }

    /** The SQL text and its parameters, appended together so that they cannot drift apart. */
    private static final class SqlText {
        final StringBuilder sql = new StringBuilder();
        final List<Object> parameters = new ArrayList<>();

        SqlText add(String text, Object... values) {
            sql.append(text);
            parameters.addAll(Arrays.asList(values));
            return this;
        }
    }

    /**
     * The buckets' starts, bound as one {@code timestamptz[]} value: PostgreSQL parses it once per query. (Cast
     * from {@code text[]} in the SQL, the cast is evaluated again for every row, which made a year's series 20
     * times slower.)
     */
    private record BucketStarts(String[] starts) {
    }

    /** Which events: the tenant's (and customer's) events of one type in [from, to). */
    private record Scope(long tenantId, Optional<Long> customerId, Instant from, Instant to) {
    }

    @Override
    public Measurements measure(TenantId tenant, Optional<CustomerId> customer, List<Meter> meters, List<Bucket> buckets) {
        Map<MeterKey, List<Map<List<String>, Measurement>>> results = collect(tenant, customer, meters, buckets);
        Measurements.Builder measured = Measurements.builder(results.keySet(), buckets.size());
        results.forEach((meter, perBucket) -> {
            for (int i = 0; i < perBucket.size(); i++) {
                int bucket = i;
                perBucket.get(i).forEach((key, measurement) -> measured.put(meter, bucket, key, measurement));
            }
        });
        return measured.build();
    }

    private Map<MeterKey, List<Map<List<String>, Measurement>>> collect(TenantId tenant, Optional<CustomerId> customer, List<Meter> meters,
                                                                     List<Bucket> buckets) {
        Map<MeterKey, List<Map<List<String>, Measurement>>> results = new LinkedHashMap<>();
        for (Meter meter : meters) {
            List<Map<List<String>, Measurement>> perBucket = new ArrayList<>(buckets.size());
            for (int i = 0; i < buckets.size(); i++) {
                perBucket.add(new HashMap<>());
            }
            results.put(meter.key(), perBucket);
        }
        long tenantId = tenants.require(tenant);
        Optional<Long> customerId = Optional.empty();
        if (customer.isPresent()) {
            customerId = Optional.ofNullable(customers.idsOf(tenantId, List.of(customer.get())).get(customer.get()));
            if (customerId.isEmpty()) {
                return results;
            }
        }
        Scope scope = new Scope(tenantId, customerId, buckets.getFirst().start(), buckets.getLast().end());
        BucketStarts starts = new BucketStarts(buckets.stream().map(bucket -> bucket.start().toString()).toArray(String[]::new));
        boolean slotAligned = buckets.stream().allMatch(bucket -> aligned(bucket.start())) && aligned(scope.to());

        Map<EventType, List<Meter>> rolledUp = new LinkedHashMap<>();
        Map<List<Object>, List<Meter>> raw = new LinkedHashMap<>();
        for (Meter meter : meters) {
            if (meter.aggregation() == Aggregation.MAX_CONCURRENT) {
                concurrent(scope, meter, buckets, results.get(meter.key()));
            } else if (meter.aggregation() == Aggregation.LATEST && customerId.isEmpty()) {
                latestPerCustomer(scope, meter, starts, results.get(meter.key()));
            } else if (customerId.isEmpty() && slotAligned && ROLLED_UP.contains(meter.aggregation()) && meter.filters().isEmpty()
                    && meter.groupBy().isEmpty()) {
                rolledUp.computeIfAbsent(meter.eventType(), type -> new ArrayList<>()).add(meter);
            } else {
                raw.computeIfAbsent(List.of(meter.eventType(), meter.groupBy()), key -> new ArrayList<>()).add(meter);
            }
        }
        rolledUp.forEach((type, group) -> fromRollups(scope, type, group, starts, results));
        raw.values().forEach(group -> fromEvents(scope, group, starts, results));
        return results;
    }

    private static boolean aligned(Instant instant) {
        return instant.getNano() == 0 && instant.getEpochSecond() % RollupDeltas.SLOT_SECONDS == 0;
    }

    /** The common WHERE of event queries. */
    private static void where(SqlText query, Scope scope, EventType type) {
        query.add(" FROM usage_event e WHERE e.tenant_id = ? AND e.type = ?", scope.tenantId(), type.value());
        scope.customerId().ifPresent(id -> query.add(" AND e.customer_id = ?", id));
        query.add(" AND e.occurred_at >= ? AND e.occurred_at < ?", scope.from(), scope.to());
    }

    private static void filter(SqlText query, Map<String, String> filters) {
        if (filters.isEmpty()) {
            query.add("true");
            return;
        }
        query.add("(");
        boolean first = true;
        for (Map.Entry<String, String> entry : filters.entrySet()) {
            query.add(first ? "e.data ->> ? = ?" : " AND e.data ->> ? = ?", entry.getKey(), entry.getValue());
            first = false;
        }
        query.add(")");
    }

    private static void measureOf(SqlText query, Meter meter) {
        String name = meter.measure().orElseThrow();
        query.add(MEASURE, name, name);
    }

    /** All meters of one event type and grouping, from the events, in one query. */
    private void fromEvents(Scope scope, List<Meter> meters, BucketStarts starts, Map<MeterKey, List<Map<List<String>, Measurement>>> results) {
        Meter first = meters.getFirst();
        List<String> groupBy = first.groupBy();
        SqlText query = new SqlText().add("SELECT width_bucket(e.occurred_at, ?)", starts);
        for (String dimension : groupBy) {
            query.add(", e.data ->> ?", dimension);
        }
        for (Meter meter : meters) {
            query.add(", ");
            switch (meter.aggregation()) {
                case COUNT -> {
                    query.add("count(*) FILTER (WHERE ");
                    filter(query, meter.filters());
                    query.add(")");
                }
                case SUM, MIN, MAX -> {
                    query.add(meter.aggregation().wireName() + "(");
                    measureOf(query, meter);
                    query.add(") FILTER (WHERE ");
                    filter(query, meter.filters());
                    query.add(")");
                }
                case AVG -> {
                    query.add("sum(");
                    measureOf(query, meter);
                    query.add(") FILTER (WHERE ");
                    filter(query, meter.filters());
                    query.add("), count(");
                    measureOf(query, meter);
                    query.add(") FILTER (WHERE ");
                    filter(query, meter.filters());
                    query.add(")");
                }
                case UNIQUE_COUNT -> {
                    String dimension = meter.dimension().orElseThrow();
                    query.add("count(DISTINCT e.data ->> ?) FILTER (WHERE ", dimension);
                    filter(query, meter.filters());
                    query.add(" AND jsonb_typeof(e.data -> ?) = 'string')", dimension);
                }
                case LATEST -> {
                    query.add("(array_agg(");
                    measureOf(query, meter);
                    query.add(" ORDER BY e.occurred_at DESC, e.source DESC, e.event_id DESC) FILTER (WHERE ");
                    filter(query, meter.filters());
                    query.add(" AND ");
                    measureOf(query, meter);
                    query.add(" IS NOT NULL))[1]");
                }
                case MAX_CONCURRENT -> throw new IllegalStateException("measured from intervals");
            }
        }
        where(query, scope, first.eventType());
        query.add(" GROUP BY 1");
        for (int i = 0; i < groupBy.size(); i++) {
            query.add(", " + (i + 2));
        }
        run(query, rows -> {
            int bucket = rows.getInt(1) - 1;
            List<String> key = groupKey(rows, 2, groupBy.size());
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
                results.get(meter.key()).get(bucket).put(key, measurement);
            }
        });
    }

    /** Tenant-wide {@code latest}: each customer's last value in the bucket, added up. */
    private void latestPerCustomer(Scope scope, Meter meter, BucketStarts starts, List<Map<List<String>, Measurement>> result) {
        List<String> groupBy = meter.groupBy();
        SqlText inner = new SqlText().add("SELECT width_bucket(e.occurred_at, ?) AS bucket", starts);
        for (int i = 0; i < groupBy.size(); i++) {
            inner.add(", e.data ->> ? AS g" + i, groupBy.get(i));
        }
        inner.add(", e.customer_id, e.occurred_at, e.source, e.event_id, ");
        measureOf(inner, meter);
        inner.add(" AS v");
        where(inner, scope, meter.eventType());
        inner.add(" AND ");
        filter(inner, meter.filters());

        StringBuilder groups = new StringBuilder();
        for (int i = 0; i < groupBy.size(); i++) {
            groups.append(", x.g").append(i);
        }
        SqlText query = new SqlText().add("SELECT bucket" + groups.toString().replace("x.", "") + ", sum(v) FROM (SELECT DISTINCT ON (x.bucket"
                + groups + ", x.customer_id) x.bucket" + groups + ", x.v FROM (");
        query.sql.append(inner.sql);
        query.parameters.addAll(inner.parameters);
        query.add(") x WHERE x.v IS NOT NULL ORDER BY x.bucket" + groups + ", x.customer_id, x.occurred_at DESC, x.source DESC, x.event_id DESC) latest GROUP BY bucket"
                + groups.toString().replace("x.", ""));
        run(query, rows -> result.get(rows.getInt(1) - 1).put(groupKey(rows, 2, groupBy.size()),
                Measurement.of(rows.getBigDecimal(2 + groupBy.size()))));
    }

    /** Peaks of overlapping intervals [time, time + measure seconds), from every interval that can reach into the buckets. */
    private void concurrent(Scope scope, Meter meter, List<Bucket> buckets, List<Map<List<String>, Measurement>> result) {
        String measure = meter.measure().orElseThrow();
        BigDecimal longest = longestValue(scope.tenantId(), meter.eventType(), measure);
        if (longest == null || longest.signum() <= 0) {
            if (!meter.isGrouped()) {
                result.forEach(bucket -> bucket.put(List.of(), Measurement.of(BigDecimal.ZERO)));
            }
            return;
        }
        Instant reach = scope.from().minusSeconds(longest.setScale(0, RoundingMode.CEILING).longValueExact());
        List<String> groupBy = meter.groupBy();
        SqlText query = new SqlText().add("SELECT e.occurred_at, ");
        measureOf(query, meter);
        for (String dimension : groupBy) {
            query.add(", e.data ->> ?", dimension);
        }
        where(query, new Scope(scope.tenantId(), scope.customerId(), reach, scope.to()), meter.eventType());
        query.add(" AND ");
        filter(query, meter.filters());
        Map<List<String>, List<MaxConcurrent.Interval>> intervals = new LinkedHashMap<>();
        if (!meter.isGrouped()) {
            intervals.put(List.of(), new ArrayList<>());
        }
        run(query, rows -> {
            BigDecimal seconds = rows.getBigDecimal(2);
            if (seconds != null && seconds.signum() > 0) {
                Instant start = Sql.getInstant(rows, "occurred_at");
                Instant end = start.plusNanos(seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
                intervals.computeIfAbsent(groupKey(rows, 3, groupBy.size()), key -> new ArrayList<>()).add(new MaxConcurrent.Interval(start, end));
            }
        });
        intervals.forEach((key, list) -> {
            long[] peaks = MaxConcurrent.peaks(list, buckets);
            for (int i = 0; i < peaks.length; i++) {
                if (peaks[i] > 0 || !meter.isGrouped()) {
                    result.get(i).put(key, Measurement.of(BigDecimal.valueOf(peaks[i])));
                }
            }
        });
    }

    /** The largest value a measure has had (folded, or still pending), or null. */
    private BigDecimal longestValue(long tenantId, EventType type, String measure) {
        String sql = """
                SELECT max(m) FROM (
                    SELECT maximum AS m FROM usage_measure_stats WHERE tenant_id = ? AND type = ? AND measure = ?
                    UNION ALL
                    SELECT max(maximum) FROM usage_rollup_pending_rows WHERE tenant_id = ? AND type = ? AND measure = ?) x""";
        return jdbc.prepareStatement(sql, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, type.value());
            statement.setString(3, measure);
            statement.setLong(4, tenantId);
            statement.setString(5, type.value());
            statement.setString(6, measure);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBigDecimal(1);
            }
        });
    }

    /** Count, sum, avg, min and max of one event type's meters from the 15-minute rollups plus pending deltas. */
    private void fromRollups(Scope scope, EventType type, List<Meter> meters, BucketStarts starts,
                             Map<MeterKey, List<Map<List<String>, Measurement>>> results) {
        String[] measures = meters.stream().map(meter -> meter.aggregation() == Aggregation.COUNT ? RollupDeltas.COUNT : meter.measure().orElseThrow())
                .distinct().toArray(String[]::new);
        SqlText query = new SqlText().add("SELECT r.measure, width_bucket(r.slot, ?), sum(r.events), sum(r.total), "
                + "min(r.minimum), max(r.maximum) FROM (", starts);
        for (String table : List.of("usage_rollup", "usage_rollup_pending_rows")) {
            query.add(table.equals("usage_rollup") ? "" : " UNION ALL ");
            query.add("SELECT measure, slot, events, total, minimum, maximum FROM " + table
                    + " WHERE tenant_id = ? AND type = ? AND measure = ANY (?::text[]) AND slot >= ? AND slot < ?",
                    scope.tenantId(), type.value(), measures, scope.from(), scope.to());
        }
        query.add(") r GROUP BY 1, 2");
        run(query, rows -> {
            String measure = rows.getString(1);
            int bucket = rows.getInt(2) - 1;
            long events = rows.getLong(3);
            BigDecimal total = rows.getBigDecimal(4);
            BigDecimal minimum = rows.getBigDecimal(5);
            BigDecimal maximum = rows.getBigDecimal(6);
            for (Meter meter : meters) {
                boolean count = meter.aggregation() == Aggregation.COUNT;
                if (count ? !measure.equals(RollupDeltas.COUNT) : !measure.equals(meter.measure().orElseThrow())) {
                    continue;
                }
                Measurement measurement = switch (meter.aggregation()) {
                    case COUNT -> Measurement.of(BigDecimal.valueOf(events));
                    case SUM -> Measurement.of(total);
                    case AVG -> new Measurement(total, events);
                    case MIN -> Measurement.of(minimum);
                    case MAX -> Measurement.of(maximum);
                    default -> throw new IllegalStateException("not rolled up: " + meter.aggregation());
                };
                results.get(meter.key()).get(bucket).put(List.of(), measurement);
            }
        });
    }

    @Override
    public List<CustomerCount> topCustomers(TenantId tenant, Meter meter, Instant from, Instant to, int limit) {
        long tenantId = tenants.require(tenant);
        SqlText inner = new SqlText().add("SELECT e.customer_id, count(*) AS n");
        where(inner, new Scope(tenantId, Optional.empty(), from, to), meter.eventType());
        inner.add(" AND e.customer_id IS NOT NULL AND ");
        filter(inner, meter.filters());
        inner.add(" GROUP BY e.customer_id");
        SqlText query = new SqlText().add("SELECT c.external_id, t.n FROM (");
        query.sql.append(inner.sql);
        query.parameters.addAll(inner.parameters);
        query.add(") t JOIN customer c ON c.tenant_id = ? AND c.customer_id = t.customer_id ORDER BY t.n DESC, c.external_id LIMIT ?", tenantId, limit);
        List<CustomerCount> top = new ArrayList<>();
        run(query, rows -> top.add(new CustomerCount(CustomerId.of(rows.getString(1)), rows.getLong(2))));
        return top;
    }

    @Override
    public Set<String> dimensions(TenantId tenant, EventType type) {
        return schema.dimensions(tenants.require(tenant), type.value());
    }

    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    private void run(SqlText query, RowReader reader) {
        jdbc.prepareStatement(query.sql.toString(), statement -> {
            bind(statement, query.parameters);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
            return null;
        });
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        Connection connection = statement.getConnection();
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            switch (value) {
                case String text -> statement.setString(i + 1, text);
                case Long number -> statement.setLong(i + 1, number);
                case Integer number -> statement.setInt(i + 1, number);
                case Instant instant -> Sql.setInstant(statement, i + 1, instant);
                case String[] texts -> statement.setArray(i + 1, connection.createArrayOf("text", texts));
                case BucketStarts bucketStarts -> statement.setArray(i + 1, connection.createArrayOf("timestamptz", bucketStarts.starts()));
                default -> throw new IllegalArgumentException("cannot bind " + value.getClass());
            }
        }
    }

    private static List<String> groupKey(ResultSet rows, int firstColumn, int size) throws SQLException {
        if (size == 0) {
            return List.of();
        }
        List<String> key = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            key.add(rows.getString(firstColumn + i));
        }
        return key;
    }
}
