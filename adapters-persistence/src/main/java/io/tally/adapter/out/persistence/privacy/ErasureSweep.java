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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rows an erasure deletes, and the masking of what is kept. Deleted: the customer's usage events in every partition
 * and their dedup keys; the async export jobs about them with their files; the files of scheduled runs whose schedule names
 * them; the files of their access requests. Masked: every text, JSON or text-array column of every tenant table (found
 * in the catalogue, so a table added later is covered too) where the external id or the display name stands as a word,
 * replaced by the tombstone. Left alone: the tables that hold the tenant's configuration, not data about customers
 * (tenant, meters, metrics, plans, event schemas), the rollups (figures without a customer), and other customers' events.
 */
@Singleton
class ErasureSweep {

    /** Tables the generic masking skips: configuration, figures without customers, files, and what is handled on its own. */
    static final Set<String> NOT_MASKED = Set.of("tenant", "meter", "metric", "plan", "plan_limit", "usage_event_schema", "usage_rollup",
            "usage_rollup_pending", "usage_measure_stats", "usage_event", "usage_event_key", "customer", "erased_subject", "export_file_chunk",
            "schedule_file_chunk", "privacy_file_chunk", "flyway_schema_history", "scheduled_tasks");

    private static final String COLUMNS = """
            SELECT c.table_name, c.column_name, CASE WHEN c.data_type = 'ARRAY' THEN 'text[]' ELSE c.data_type END
              FROM information_schema.columns c
              JOIN pg_class k ON k.relname = c.table_name AND k.relnamespace = 'public'::regnamespace
             WHERE c.table_schema = 'public' AND k.relkind = 'r' AND NOT k.relispartition
               AND (c.data_type IN ('text', 'character varying', 'json', 'jsonb') OR (c.data_type = 'ARRAY' AND c.udt_name = '_text'))
               AND EXISTS (SELECT 1 FROM information_schema.columns t
                            WHERE t.table_schema = 'public' AND t.table_name = c.table_name AND t.column_name = 'tenant_id')
             ORDER BY c.table_name, c.ordinal_position""";

    /** Whether a text holds a needle, or its JSON-escaped form (for JSON columns read as text). */
    private static final String HOLDS = "EXISTS (SELECT 1 FROM unnest(?::text[]) AS n (needle) WHERE strpos(%s, n.needle) > 0 "
            + "OR strpos(%s, substr(to_jsonb(n.needle)::text, 2, length(to_jsonb(n.needle)::text) - 2)) > 0)";

    private final JdbcOperations jdbc;

    ErasureSweep(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Deletes the customer's events and their keys; the rows deleted under {@code usage_event} and {@code usage_event_key}. */
    void deleteEvents(long tenantId, long customerId, Map<String, Long> deleted) {
        jdbc.prepareStatement("""
                WITH gone AS (DELETE FROM usage_event WHERE tenant_id = ? AND customer_id = ? RETURNING source, event_id),
                     keys AS (DELETE FROM usage_event_key k USING gone g
                               WHERE k.tenant_id = ? AND k.source = g.source AND k.event_id = g.event_id RETURNING 1)
                SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM keys)""", statement -> {
            statement.setLong(1, tenantId);
            statement.setLong(2, customerId);
            statement.setLong(3, tenantId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                deleted.put("usage_event", rows.getLong(1));
                deleted.put("usage_event_key", rows.getLong(2));
            }
            return null;
        });
    }

    /** Deletes the stored files about the customer: async exports, scheduled runs' files, access zips. */
    void deleteFiles(long tenantId, long customerId, String externalId, Instant now, Map<String, Long> deleted) {
        deleted.put("export_file_chunk", update("""
                DELETE FROM export_file_chunk WHERE job_id IN (SELECT job_id FROM export_job WHERE tenant_id = ? AND customer = ?)""",
                tenantId, externalId));
        deleted.put("export_job", update("DELETE FROM export_job WHERE tenant_id = ? AND customer = ?", tenantId, externalId));
        String named = "(SELECT r.run_id FROM schedule_run r JOIN report_schedule s ON s.tenant_id = r.tenant_id AND s.schedule_id = r.schedule_id"
                + " WHERE s.tenant_id = ? AND strpos(s.definition::text, to_jsonb(?::text)::text) > 0)";
        deleted.put("schedule_file_chunk", update("DELETE FROM schedule_file_chunk WHERE tenant_id = ? AND run_id IN " + named,
                tenantId, tenantId, externalId));
        deleted.put("schedule_file", update("DELETE FROM schedule_file WHERE tenant_id = ? AND run_id IN " + named, tenantId, tenantId, externalId));
        deleted.put("privacy_file_chunk", update("""
                DELETE FROM privacy_file_chunk WHERE tenant_id = ?
                   AND request_id IN (SELECT request_id FROM privacy_request WHERE tenant_id = ? AND customer_id = ?)""", tenantId, tenantId, customerId));
        update("""
                UPDATE privacy_request SET file_deleted_at = ?
                 WHERE tenant_id = ? AND customer_id = ? AND file_bytes IS NOT NULL AND file_deleted_at IS NULL""", now, tenantId, customerId);
    }

    /**
     * Replaces the needles (external id, display name) by the tombstone wherever the tenant's rows hold them; the rows
     * changed per table and column ({@code audit_entry.details}). Audit entries may be changed only here (V17).
     */
    Map<String, Long> mask(long tenantId, List<String> needles, String tombstone) {
        jdbc.prepareStatement("SET LOCAL tally.audit_erasure = 'on'", PreparedStatement::execute);
        // a masked key and the rows that refer to it are checked together at commit (V17: payment ids and their refunds)
        jdbc.prepareStatement("SET CONSTRAINTS ALL DEFERRED", PreparedStatement::execute);
        List<String[]> columns = new ArrayList<>();
        jdbc.prepareStatement(COLUMNS, statement -> {
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (!NOT_MASKED.contains(rows.getString(1))) {
                        columns.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3)});
                    }
                }
            }
            return null;
        });
        Map<String, Long> masked = new TreeMap<>();
        for (String[] column : columns) {
            String table = quoted(column[0]);
            String name = quoted(column[1]);
            String asText;
            String maskedValue;
            String changed;
            switch (column[2]) {
                case "jsonb" -> {
                    asText = name + "::text";
                    maskedValue = "privacy_mask_jsonb(" + name + ", ?::text[], ?)";
                    changed = maskedValue + " IS DISTINCT FROM " + name;
                }
                case "json" -> {
                    asText = name + "::text";
                    maskedValue = "privacy_mask_jsonb(" + name + "::jsonb, ?::text[], ?)::json";
                    changed = "privacy_mask_jsonb(" + name + "::jsonb, ?::text[], ?) IS DISTINCT FROM " + name + "::jsonb";
                }
                case "text[]" -> {
                    asText = "array_to_string(" + name + ", E'\\n')";
                    maskedValue = "ARRAY(SELECT privacy_mask_text(u.x, ?::text[], ?) FROM unnest(" + name + ") WITH ORDINALITY AS u (x, n) ORDER BY u.n)";
                    changed = maskedValue + " IS DISTINCT FROM " + name;
                }
                default -> {
                    asText = name;
                    maskedValue = "privacy_mask_text(" + name + ", ?::text[], ?)";
                    changed = maskedValue + " IS DISTINCT FROM " + name;
                }
            }
            String sql = "UPDATE " + table + " SET " + name + " = " + maskedValue + " WHERE tenant_id = ? AND " + HOLDS.formatted(asText, asText)
                    + " AND " + changed;
            long rows = jdbc.prepareStatement(sql, statement -> {
                Connection connection = statement.getConnection();
                statement.setArray(1, connection.createArrayOf("text", needles.toArray()));
                statement.setString(2, tombstone);
                statement.setLong(3, tenantId);
                statement.setArray(4, connection.createArrayOf("text", needles.toArray()));
                statement.setArray(5, connection.createArrayOf("text", needles.toArray()));
                statement.setString(6, tombstone);
                return (long) statement.executeUpdate();
            });
            if (rows > 0) {
                masked.put(column[0] + "." + column[1], rows);
            }
        }
        return masked;
    }

    private long update(String sql, Object... parameters) {
        return jdbc.prepareStatement(sql, statement -> {
            bind(statement, parameters);
            return (long) statement.executeUpdate();
        });
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            switch (parameters[i]) {
                case Long number -> statement.setLong(i + 1, number);
                case String text -> statement.setString(i + 1, text);
                case Instant instant -> Sql.setInstant(statement, i + 1, instant);
                default -> throw new IllegalArgumentException("cannot bind " + parameters[i].getClass());
            }
        }
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
