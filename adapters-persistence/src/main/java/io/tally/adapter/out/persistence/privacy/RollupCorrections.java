package io.tally.adapter.out.persistence.privacy;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.adapter.out.persistence.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the 15-minute rollups equal to the events they count when a customer's events stop counting (restriction,
 * erasure) or count again (a restriction lifted). The customer's share of each rollup row is computed from their events
 * and written to {@code usage_rollup_pending} as a delta, negative or positive, which the folder adds like any other:
 * counts and sums are then exact whatever else is folded meanwhile. Minimums and maximums can't be subtracted: after a
 * withdrawal and a fold, {@link #refreshExtremes} recomputes them from the events that still count.
 */
@Singleton
class RollupCorrections {

    /** Each (type, measure, slot) of the customer's events: count and sum, with minimum and maximum when asked. */
    private static final String SHARE = """
            SELECT type, measure, slot, count(*) AS n, sum(v) AS total, min(v) AS low, max(v) AS high
              FROM (SELECT e.type, ''::text AS measure, date_bin('15 minutes', e.occurred_at, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS slot,
                           NULL::numeric AS v
                      FROM usage_event e WHERE e.tenant_id = ? AND e.customer_id = ?
                    UNION ALL
                    SELECT e.type, m.key, date_bin('15 minutes', e.occurred_at, TIMESTAMPTZ '1970-01-01 00:00:00+00'), (m.value #>> '{}')::numeric
                      FROM usage_event e CROSS JOIN LATERAL jsonb_each(e.data) AS m (key, value)
                     WHERE e.tenant_id = ? AND e.customer_id = ? AND jsonb_typeof(m.value) = 'number') x
             GROUP BY type, measure, slot""";

    private static final String PENDING = """
            INSERT INTO usage_rollup_pending (tenant_id, type, slots, measures, events, totals, minimums, maximums)
            SELECT ?, type, array_agg(slot), array_agg(measure), array_agg(%s n), array_agg(%s total), array_agg(%s), array_agg(%s)
              FROM (%s) share GROUP BY type""";

    /** The rows recomputed, locked first so that no fold changes them between the read of the events and the write. */
    private static final String LOCK = """
            SELECT 1 FROM usage_rollup r JOIN unnest(?::text[], ?::text[], ?::timestamptz[]) AS a (type, measure, slot)
                ON r.type = a.type AND r.measure = a.measure AND r.slot = a.slot
             WHERE r.tenant_id = ? ORDER BY r.type, r.measure, r.slot FOR UPDATE OF r""";

    private static final String EXTREMES = """
            UPDATE usage_rollup r SET minimum = x.low, maximum = x.high
              FROM (SELECT a.type, a.measure, a.slot, min(v.value) AS low, max(v.value) AS high
                      FROM unnest(?::text[], ?::text[], ?::timestamptz[]) AS a (type, measure, slot)
                      LEFT JOIN LATERAL (
                          SELECT (e.data ->> a.measure)::numeric AS value FROM usage_event e
                           WHERE e.tenant_id = ? AND e.type = a.type AND e.occurred_at >= a.slot AND e.occurred_at < a.slot + interval '15 minutes'
                             AND jsonb_typeof(e.data -> a.measure) = 'number'
                             AND NOT EXISTS (SELECT 1 FROM customer c WHERE c.tenant_id = e.tenant_id AND c.customer_id = e.customer_id
                                                                          AND c.restricted_at IS NOT NULL)) v ON true
                     GROUP BY a.type, a.measure, a.slot) x
             WHERE r.tenant_id = ? AND r.type = x.type AND r.measure = x.measure AND r.slot = x.slot""";

    private static final String EMPTY = "DELETE FROM usage_rollup WHERE tenant_id = ? AND events <= 0";

    /** The measure rows (not the plain counts) a withdrawal touched, whose extremes must be recomputed. */
    record Touched(List<String> types, List<String> measures, List<Instant> slots) {
        static final Touched NONE = new Touched(List.of(), List.of(), List.of());

        boolean isEmpty() {
            return slots.isEmpty();
        }
    }

    private final JdbcOperations jdbc;

    RollupCorrections(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes the customer's share of the rollups as a negative delta; tells the measure rows touched. */
    Touched withdraw(long tenantId, long customerId) {
        writeShare(tenantId, customerId, "-", "-", "NULL::numeric", "NULL::numeric");
        List<String> types = new ArrayList<>();
        List<String> measures = new ArrayList<>();
        List<Instant> slots = new ArrayList<>();
        jdbc.prepareStatement("SELECT type, measure, slot FROM (" + SHARE + ") share WHERE measure <> '' ORDER BY type, measure, slot", statement -> {
            bindShare(statement, tenantId, customerId, 1);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    types.add(rows.getString(1));
                    measures.add(rows.getString(2));
                    slots.add(Sql.getInstant(rows, "slot"));
                }
            }
            return null;
        });
        return new Touched(types, measures, slots);
    }

    /** Writes the customer's share of the rollups as a positive delta (with its extremes): their events count again. */
    void restore(long tenantId, long customerId) {
        writeShare(tenantId, customerId, "", "", "low", "high");
    }

    private void writeShare(long tenantId, long customerId, String countSign, String totalSign, String low, String high) {
        jdbc.prepareStatement(PENDING.formatted(countSign, totalSign, low, high, SHARE), statement -> {
            statement.setLong(1, tenantId);
            bindShare(statement, tenantId, customerId, 2);
            return statement.executeUpdate();
        });
    }

    private static void bindShare(PreparedStatement statement, long tenantId, long customerId, int first) throws SQLException {
        statement.setLong(first, tenantId);
        statement.setLong(first + 1, customerId);
        statement.setLong(first + 2, tenantId);
        statement.setLong(first + 3, customerId);
    }

    /**
     * Recomputes the minimum and maximum of the touched rows from the events that still count (of customers not
     * restricted), once the withdrawal was folded; then deletes the rows no event is left in. Returns the rows deleted.
     */
    long refreshExtremes(long tenantId, Touched touched) {
        if (!touched.isEmpty()) {
            jdbc.prepareStatement(LOCK, statement -> {
                bindTouched(statement, touched);
                statement.setLong(4, tenantId);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        // locked
                    }
                }
                return null;
            });
            jdbc.prepareStatement(EXTREMES, statement -> {
                bindTouched(statement, touched);
                statement.setLong(4, tenantId);
                statement.setLong(5, tenantId);
                return statement.executeUpdate();
            });
        }
        return jdbc.prepareStatement(EMPTY, statement -> {
            statement.setLong(1, tenantId);
            return (long) statement.executeUpdate();
        });
    }

    private static void bindTouched(PreparedStatement statement, Touched touched) throws SQLException {
        Connection connection = statement.getConnection();
        statement.setArray(1, connection.createArrayOf("text", touched.types().toArray()));
        statement.setArray(2, connection.createArrayOf("text", touched.measures().toArray()));
        statement.setArray(3, connection.createArrayOf("timestamptz", touched.slots().stream().map(Instant::toString).toArray(String[]::new)));
    }
}
