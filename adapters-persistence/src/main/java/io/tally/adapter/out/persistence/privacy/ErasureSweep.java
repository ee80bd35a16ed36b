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
 * them; the files of their access requests. Masked: every text, JSON (string values) or text-array column of every tenant
 * table (found in the catalogue, so a table added later is covered too) where the external id stands as an identifier of
 * its own or the display name as words ({@code privacy_mask_text}, V17), replaced by the tombstone. Left alone: the
 * tables that hold the tenant's configuration, not data about customers (tenant, meters, metrics, plans, event
 * schemas), the rollups (figures without a customer), other customers' events, and columns a CHECK constraint limits to
 * known values (statuses, kinds), which can't hold a customer's id.
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
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
                                WHERE k.contype = 'c' AND k.conrelid = ('public.' || quote_ident(c.table_name))::regclass
                                  AND a.attname = c.column_name)
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
                DELETE FROM export_file_chunk WHERE (tenant_id, job_id) IN (SELECT tenant_id, job_id FROM export_job WHERE tenant_id = ? AND customer = ?)""",
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
     * Replaces the customer's external ids and names by the tombstone wherever the tenant's rows hold them; the rows
     * changed per table and column ({@code audit_entry.details}). Audit entries may be changed only here (V17).
     */
    Map<String, Long> mask(long tenantId, List<String> ids, List<String> names, String tombstone) {
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
        List<String> needles = new ArrayList<>(ids);
        needles.addAll(names);
        Map<String, Long> masked = new TreeMap<>();
        for (String[] column : columns) {
            String name = quoted(column[1]);
            String asText = switch (column[2]) {
                case "jsonb", "json" -> name + "::text";
                case "text[]" -> "array_to_string(" + name + ", E'\\n')";
                default -> name;
            };
            String maskedValue = switch (column[2]) {
                case "jsonb" -> "privacy_mask_jsonb(" + name + ", ?::text[], ?::text[], ?)";
                case "json" -> "privacy_mask_jsonb(" + name + "::jsonb, ?::text[], ?::text[], ?)::json";
                case "text[]" -> "ARRAY(SELECT privacy_mask_text(u.x, ?::text[], ?::text[], ?) FROM unnest(" + name
                        + ") WITH ORDINALITY AS u (x, n) ORDER BY u.n)";
                default -> "privacy_mask_text(" + name + ", ?::text[], ?::text[], ?)";
            };
            String changed = column[2].equals("json")
                    ? "privacy_mask_jsonb(" + name + "::jsonb, ?::text[], ?::text[], ?) IS DISTINCT FROM " + name + "::jsonb"
                    : maskedValue + " IS DISTINCT FROM " + name;
            String sql = "UPDATE " + quoted(column[0]) + " SET " + name + " = " + maskedValue + " WHERE tenant_id = ? AND "
                    + HOLDS.formatted(asText, asText) + " AND " + changed;
            long rows = jdbc.prepareStatement(sql, statement -> {
                Connection connection = statement.getConnection();
                int i = bindMask(statement, connection, 1, ids, names, tombstone);
                statement.setLong(i++, tenantId);
                statement.setArray(i++, connection.createArrayOf("text", needles.toArray()));
                bindMask(statement, connection, i, ids, names, tombstone);
                return (long) statement.executeUpdate();
            });
            if (rows > 0) {
                masked.put(column[0] + "." + column[1], rows);
            }
        }
        return masked;
    }

    /** Binds the ids, the names and the replacement from {@code first} on; answers the next index. */
    private static int bindMask(PreparedStatement statement, Connection connection, int first, List<String> ids, List<String> names, String tombstone)
            throws SQLException {
        statement.setArray(first, connection.createArrayOf("text", ids.toArray()));
        statement.setArray(first + 1, connection.createArrayOf("text", names.toArray()));
        statement.setString(first + 2, tombstone);
        return first + 3;
    }

    private long update(String sql, Object... parameters) {
        return jdbc.prepareStatement(sql, statement -> {
            Sql.bind(statement, parameters);
            return (long) statement.executeUpdate();
        });
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
