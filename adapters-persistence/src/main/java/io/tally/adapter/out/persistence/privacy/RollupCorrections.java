package io.tally.adapter.out.persistence.privacy;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.adapter.out.persistence.Sql;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps the 15-minute rollups equal to the events they count when a customer's events stop counting (restriction,
 * erasure) or count again (a restriction lifted). The customer's share of each rollup row is computed from their events
 * and written to {@code usage_rollup_pending} as a delta, negative or positive, which the folder adds like any other:
 * counts and sums are then exact whatever else is folded meanwhile. Minimums and maximums can't be subtracted: after a
 * withdrawal and a fold, {@link #refreshExtremes} recomputes those the customer held, from the events that still count.
 */
@Singleton
class RollupCorrections {

    private static final String SLOT = "date_bin('15 minutes', e.occurred_at, TIMESTAMPTZ '1970-01-01 00:00:00+00')";

    /** Each (type, measure, slot) of the customer's events: count and sum, minimum and maximum (measure '' : the plain count). */
    private static final String SHARE = """
            SELECT type, measure, slot, count(*) AS n, sum(v) AS total, min(v) AS low, max(v) AS high
              FROM (SELECT e.type, ''::text AS measure, %1$s AS slot, NULL::numeric AS v
                      FROM usage_event e WHERE e.tenant_id = ? AND e.customer_id = ?
                    UNION ALL
                    SELECT e.type, m.key, %1$s, (m.value #>> '{}')::numeric
                      FROM usage_event e CROSS JOIN LATERAL jsonb_each(e.data) AS m (key, value)
                     WHERE e.tenant_id = ? AND e.customer_id = ? AND jsonb_typeof(m.value) = 'number') x
             GROUP BY type, measure, slot""".formatted(SLOT);

    private static final String PENDING = """
            INSERT INTO usage_rollup_pending (tenant_id, type, slots, measures, events, totals, minimums, maximums)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String RESTORE = """
            INSERT INTO usage_rollup_pending (tenant_id, type, slots, measures, events, totals, minimums, maximums)
            SELECT ?, type, array_agg(slot), array_agg(measure), array_agg(n), array_agg(total), array_agg(low), array_agg(high)
              FROM (%s) share GROUP BY type""".formatted(SHARE);

    /**
     * Of the rows a withdrawal touched, those whose minimum or maximum may have been the customer's and that still count
     * events, locked (in one order) so that no fold changes them between the read of the events and the write.
     */
    private static final String HELD = """
            SELECT r.type, r.measure, r.slot FROM usage_rollup r
              JOIN unnest(?::text[], ?::text[], ?::timestamptz[], ?::numeric[], ?::numeric[]) AS a (type, measure, slot, low, high)
                ON r.type = a.type AND r.measure = a.measure AND r.slot = a.slot
             WHERE r.tenant_id = ? AND r.events > 0 AND (a.low <= r.minimum OR a.high >= r.maximum)
             ORDER BY r.type, r.measure, r.slot FOR UPDATE OF r""";

    /** The extremes of those rows from the events that still count (of customers not restricted), in one pass over their span. */
    private static final String EXTREMES = """
            UPDATE usage_rollup r SET minimum = x.low, maximum = x.high
              FROM (SELECT a.type, a.measure, a.slot, min(v.value) AS low, max(v.value) AS high
                      FROM unnest(?::text[], ?::text[], ?::timestamptz[]) AS a (type, measure, slot)
                      LEFT JOIN (SELECT e.type, m.key AS measure, %s AS slot, (m.value #>> '{}')::numeric AS value
                                   FROM usage_event e CROSS JOIN LATERAL jsonb_each(e.data) AS m (key, value)
                                  WHERE e.tenant_id = ? AND e.occurred_at >= ? AND e.occurred_at < ? AND jsonb_typeof(m.value) = 'number'
                                    AND (e.customer_id IS NULL OR e.customer_id <> ALL (ARRAY(
                                        SELECT c.customer_id FROM customer c WHERE c.tenant_id = ? AND c.restricted_at IS NOT NULL)))) v
                        ON v.type = a.type AND v.measure = a.measure AND v.slot = a.slot
                     GROUP BY a.type, a.measure, a.slot) x
             WHERE r.tenant_id = ? AND r.type = x.type AND r.measure = x.measure AND r.slot = x.slot""".formatted(SLOT);

    /** The touched rows no event is left in. */
    private static final String EMPTY = """
            DELETE FROM usage_rollup r USING unnest(?::text[], ?::text[], ?::timestamptz[]) AS a (type, measure, slot)
             WHERE r.tenant_id = ? AND r.type = a.type AND r.measure = a.measure AND r.slot = a.slot AND r.events = 0""";

    /** One row of a customer's share. */
    private record Share(String type, String measure, Instant slot, long events, BigDecimal total, BigDecimal low, BigDecimal high) {
    }

    /** The rows a customer's events are in (the plain counts and the measures), with the customer's minimum and maximum in each. */
    record Touched(List<String> types, List<String> measures, List<Instant> slots, List<BigDecimal> lows, List<BigDecimal> highs) {
        static final Touched NONE = new Touched(List.of(), List.of(), List.of(), List.of(), List.of());

        boolean isEmpty() {
            return slots.isEmpty();
        }
    }

    private final JdbcOperations jdbc;

    RollupCorrections(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** The rows the customer's events are in now. */
    Touched touched(long tenantId, long customerId) {
        return touched(share(tenantId, customerId));
    }

    private static Touched touched(List<Share> share) {
        List<Share> sorted = share.stream().sorted(Comparator.comparing(Share::type).thenComparing(Share::measure).thenComparing(Share::slot)).toList();
        return new Touched(sorted.stream().map(Share::type).toList(), sorted.stream().map(Share::measure).toList(),
                sorted.stream().map(Share::slot).toList(), sorted.stream().map(Share::low).toList(), sorted.stream().map(Share::high).toList());
    }

    /** Writes the customer's share of the rollups as a negative delta, one row per event type. */
    void withdraw(long tenantId, long customerId) {
        List<Share> share = share(tenantId, customerId);
        Map<String, List<Share>> byType = new TreeMap<>();
        share.forEach(row -> byType.computeIfAbsent(row.type(), type -> new ArrayList<>()).add(row));
        jdbc.prepareStatement(PENDING, statement -> {
            Connection connection = statement.getConnection();
            for (Map.Entry<String, List<Share>> type : byType.entrySet()) {
                List<Share> rows = type.getValue();
                statement.setLong(1, tenantId);
                statement.setString(2, type.getKey());
                statement.setArray(3, connection.createArrayOf("timestamptz", rows.stream().map(row -> row.slot().toString()).toArray()));
                statement.setArray(4, connection.createArrayOf("text", rows.stream().map(Share::measure).toArray()));
                statement.setArray(5, connection.createArrayOf("int8", rows.stream().map(row -> -row.events()).toArray()));
                statement.setArray(6, connection.createArrayOf("numeric", rows.stream().map(row -> row.total() == null ? null : row.total().negate()).toArray()));
                statement.setArray(7, connection.createArrayOf("numeric", new BigDecimal[rows.size()]));
                statement.setArray(8, connection.createArrayOf("numeric", new BigDecimal[rows.size()]));
                statement.addBatch();
            }
            return statement.executeBatch();
        });
    }

    private List<Share> share(long tenantId, long customerId) {
        return jdbc.prepareStatement(SHARE, statement -> {
            statement.setLong(1, tenantId);
            statement.setLong(2, customerId);
            statement.setLong(3, tenantId);
            statement.setLong(4, customerId);
            List<Share> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new Share(result.getString("type"), result.getString("measure"), Sql.getInstant(result, "slot"), result.getLong("n"),
                            result.getBigDecimal("total"), result.getBigDecimal("low"), result.getBigDecimal("high")));
                }
            }
            return rows;
        });
    }

    /** Writes the customer's share of the rollups as a positive delta (with its extremes): their events count again. */
    void restore(long tenantId, long customerId) {
        jdbc.prepareStatement(RESTORE, statement -> {
            statement.setLong(1, tenantId);
            statement.setLong(2, tenantId);
            statement.setLong(3, customerId);
            statement.setLong(4, tenantId);
            statement.setLong(5, customerId);
            return statement.executeUpdate();
        });
    }

    /**
     * Once a withdrawal was folded (and before or after the customer's events are deleted, in the caller's transaction):
     * recomputes the minimum and maximum of the touched rows that the customer may have held (their value was the row's
     * extreme) and that still count events, from the events that still count (not restricted customers', not deleted);
     * then deletes the touched rows no event is left in. Returns the rows deleted.
     */
    long refreshExtremes(long tenantId, Touched touched) {
        if (touched.isEmpty()) {
            return 0;
        }
        List<String> types = new ArrayList<>();
        List<String> measures = new ArrayList<>();
        List<Instant> slots = new ArrayList<>();
        jdbc.prepareStatement(HELD, statement -> {
            Connection connection = statement.getConnection();
            statement.setArray(1, connection.createArrayOf("text", touched.types().toArray()));
            statement.setArray(2, connection.createArrayOf("text", touched.measures().toArray()));
            statement.setArray(3, connection.createArrayOf("timestamptz", touched.slots().stream().map(Instant::toString).toArray()));
            statement.setArray(4, connection.createArrayOf("numeric", touched.lows().toArray()));
            statement.setArray(5, connection.createArrayOf("numeric", touched.highs().toArray()));
            statement.setLong(6, tenantId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    types.add(rows.getString(1));
                    measures.add(rows.getString(2));
                    slots.add(Sql.getInstant(rows, "slot"));
                }
            }
            return null;
        });
        if (!slots.isEmpty()) {
            Instant from = slots.stream().min(Comparator.naturalOrder()).orElseThrow();
            Instant to = slots.stream().max(Comparator.naturalOrder()).orElseThrow().plus(Duration.ofMinutes(15));
            jdbc.prepareStatement(EXTREMES, statement -> {
                Connection connection = statement.getConnection();
                statement.setArray(1, connection.createArrayOf("text", types.toArray()));
                statement.setArray(2, connection.createArrayOf("text", measures.toArray()));
                statement.setArray(3, connection.createArrayOf("timestamptz", slots.stream().map(Instant::toString).toArray()));
                statement.setLong(4, tenantId);
                Sql.setInstant(statement, 5, from);
                Sql.setInstant(statement, 6, to);
                statement.setLong(7, tenantId);
                statement.setLong(8, tenantId);
                return statement.executeUpdate();
            });
        }
        return jdbc.prepareStatement(EMPTY, statement -> {
            Connection connection = statement.getConnection();
            statement.setArray(1, connection.createArrayOf("text", touched.types().toArray()));
            statement.setArray(2, connection.createArrayOf("text", touched.measures().toArray()));
            statement.setArray(3, connection.createArrayOf("timestamptz", touched.slots().stream().map(Instant::toString).toArray()));
            statement.setLong(4, tenantId);
            return (long) statement.executeUpdate();
        });
    }
}
