package io.tally.adapter.out.persistence.query;

import io.tally.adapter.out.persistence.JsonColumns;
import io.tally.adapter.out.persistence.Sql;
import io.tally.adapter.out.persistence.TenantKeys;

import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.tally.application.port.out.SavedQueryStorePort;
import io.tally.domain.query.ParamType;
import io.tally.domain.query.QueryParam;
import io.tally.domain.query.QueryTemplate;
import io.tally.domain.query.RunStats;
import io.tally.domain.query.SavedQuery;
import io.tally.domain.query.SavedQueryVersion;
import io.tally.domain.query.Visibility;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Saved queries (V7): the current definition in {@code saved_query}, every version in {@code saved_query_version},
 * the latest {@value RunStats#RECENT_RUNS} run durations in {@code saved_query_run}. The query and its parameters are
 * stored as JSON, numbers exact.
 */
@Connectable
@Singleton
class SavedQueryPersistenceAdapter implements SavedQueryStorePort {

    private static final String COLUMNS = "query_id, owner, name, description, definition::text AS definition, params::text AS params, "
            + "visibility, version, created_at, updated_at";
    private static final String INSERT = """
            INSERT INTO saved_query (tenant_id, query_id, owner, name, description, definition, params, visibility, version, created_at,
                                     updated_at)
            VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?)""";
    private static final String INSERT_VERSION = """
            INSERT INTO saved_query_version (tenant_id, query_id, version, name, description, definition, params, visibility, saved_by, saved_at)
            VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?)""";
    private static final String UPDATE = """
            UPDATE saved_query SET name = ?, description = ?, definition = CAST(? AS jsonb), params = CAST(? AS jsonb), visibility = ?,
                   version = ?, updated_at = ?
             WHERE tenant_id = ? AND query_id = ?""";
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM saved_query
            WHERE tenant_id = ? AND (owner = ? OR visibility = 'tenant') AND (?::text IS NULL OR visibility = ?)
              AND (?::timestamptz IS NULL OR (created_at, query_id) > (?, ?))
            ORDER BY created_at, query_id
            LIMIT ?""";
    private static final String VERSIONS = """
            SELECT version, name, description, definition::text AS definition, params::text AS params, visibility, saved_by, saved_at
              FROM saved_query_version
             WHERE tenant_id = ? AND query_id = ? AND (?::integer IS NULL OR version < ?)
             ORDER BY version DESC
             LIMIT ?""";
    private static final String RECORD_RUN = """
            WITH counted AS (
                UPDATE saved_query SET run_count = run_count + 1, last_run_at = greatest(last_run_at, ?)
                 WHERE tenant_id = ? AND query_id = ?)
            INSERT INTO saved_query_run (tenant_id, query_id, run_at, duration_ms) VALUES (?, ?, ?, ?)""";
    /** Keeps the latest runs of a query only. */
    private static final String TRIM_RUNS = """
            DELETE FROM saved_query_run
             WHERE tenant_id = ? AND query_id = ?
               AND run_seq <= (SELECT run_seq FROM saved_query_run WHERE tenant_id = ? AND query_id = ?
                                ORDER BY run_seq DESC OFFSET ? LIMIT 1)""";
    /** Run counts, and the median and 95th percentile of the latest runs' durations (a duration that was measured). */
    private static final String STATS = """
            SELECT q.query_id, q.run_count, q.last_run_at,
                   percentile_disc(0.5) WITHIN GROUP (ORDER BY r.duration_ms) AS p50,
                   percentile_disc(0.95) WITHIN GROUP (ORDER BY r.duration_ms) AS p95
              FROM saved_query q
              LEFT JOIN saved_query_run r ON r.tenant_id = q.tenant_id AND r.query_id = q.query_id
             WHERE q.tenant_id = ? AND q.query_id = ANY (?)
             GROUP BY q.query_id, q.run_count, q.last_run_at""";

    private final JdbcOperations jdbc;
    private final TenantKeys tenants;
    private final JsonMapper json;

    SavedQueryPersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants, JsonMapper json) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.json = json;
    }

    @Override
    public void create(TenantId tenant, SavedQuery query, SavedQueryVersion first) {
        long tenantId = tenants.require(tenant);
        SavedQuery.Definition definition = query.definition();
        jdbc.prepareStatement(INSERT, statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, query.id());
            statement.setString(3, query.owner());
            statement.setString(4, definition.name());
            Sql.setText(statement, 5, definition.description().orElse(null));
            statement.setString(6, write(definition.query().json()));
            statement.setString(7, write(params(definition.params())));
            statement.setString(8, definition.visibility().wireName());
            statement.setInt(9, query.version());
            Sql.setInstant(statement, 10, query.createdAt());
            Sql.setInstant(statement, 11, query.updatedAt());
            return statement.executeUpdate();
        });
        insertVersion(tenantId, query.id(), first);
    }

    private void insertVersion(long tenantId, UUID id, SavedQueryVersion version) {
        SavedQuery.Definition definition = version.definition();
        jdbc.prepareStatement(INSERT_VERSION, statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
            statement.setInt(3, version.version());
            statement.setString(4, definition.name());
            Sql.setText(statement, 5, definition.description().orElse(null));
            statement.setString(6, write(definition.query().json()));
            statement.setString(7, write(params(definition.params())));
            statement.setString(8, definition.visibility().wireName());
            statement.setString(9, version.savedBy());
            Sql.setInstant(statement, 10, version.savedAt());
            return statement.executeUpdate();
        });
    }

    @Override
    public Optional<SavedQuery> find(TenantId tenant, UUID id) {
        return find(tenant, id, "");
    }

    @Override
    public Optional<SavedQuery> findForUpdate(TenantId tenant, UUID id) {
        return find(tenant, id, " FOR UPDATE");
    }

    private Optional<SavedQuery> find(TenantId tenant, UUID id, String lock) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM saved_query WHERE tenant_id = ? AND query_id = ?" + lock, statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
            return readQueries(statement).stream().findFirst();
        });
    }

    @Override
    public void update(TenantId tenant, SavedQuery query, SavedQueryVersion version) {
        long tenantId = tenants.require(tenant);
        SavedQuery.Definition definition = query.definition();
        jdbc.prepareStatement(UPDATE, statement -> {
            statement.setString(1, definition.name());
            Sql.setText(statement, 2, definition.description().orElse(null));
            statement.setString(3, write(definition.query().json()));
            statement.setString(4, write(params(definition.params())));
            statement.setString(5, definition.visibility().wireName());
            statement.setInt(6, query.version());
            Sql.setInstant(statement, 7, query.updatedAt());
            statement.setLong(8, tenantId);
            statement.setObject(9, query.id());
            return statement.executeUpdate();
        });
        insertVersion(tenantId, query.id(), version);
    }

    @Override
    public boolean delete(TenantId tenant, UUID id) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("DELETE FROM saved_query WHERE tenant_id = ? AND query_id = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
            return statement.executeUpdate() == 1;
        });
    }

    @Override
    public List<SavedQuery> list(TenantId tenant, String subject, Optional<Visibility> visibility, Optional<Cursor> after, int limit) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(LIST, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, subject);
            String only = visibility.map(Visibility::wireName).orElse(null);
            Sql.setText(statement, 3, only);
            Sql.setText(statement, 4, only);
            Instant from = after.map(Cursor::createdAt).orElse(null);
            Sql.setInstant(statement, 5, from);
            Sql.setInstant(statement, 6, from);
            statement.setObject(7, after.map(Cursor::id).orElse(null), java.sql.Types.OTHER);
            statement.setInt(8, limit);
            return readQueries(statement);
        });
    }

    @Override
    public List<SavedQueryVersion> versions(TenantId tenant, UUID id, Optional<Integer> before, int limit) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(VERSIONS, statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
            statement.setObject(3, before.orElse(null), java.sql.Types.INTEGER);
            statement.setObject(4, before.orElse(null), java.sql.Types.INTEGER);
            statement.setInt(5, limit);
            List<SavedQueryVersion> versions = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    versions.add(new SavedQueryVersion(rows.getInt("version"), definition(rows), rows.getString("saved_by"),
                            Sql.getInstant(rows, "saved_at")));
                }
            }
            return versions;
        });
    }

    @Override
    public void recordRun(TenantId tenant, UUID id, Instant at, long millis) {
        long tenantId = tenants.require(tenant);
        jdbc.prepareStatement(RECORD_RUN, statement -> {
            Sql.setInstant(statement, 1, at);
            statement.setLong(2, tenantId);
            statement.setObject(3, id);
            statement.setLong(4, tenantId);
            statement.setObject(5, id);
            Sql.setInstant(statement, 6, at);
            statement.setLong(7, millis);
            return statement.executeUpdate();
        });
        jdbc.prepareStatement(TRIM_RUNS, statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
            statement.setLong(3, tenantId);
            statement.setObject(4, id);
            statement.setInt(5, RunStats.RECENT_RUNS);
            return statement.executeUpdate();
        });
    }

    @Override
    public Map<UUID, RunStats> stats(TenantId tenant, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(STATS, statement -> {
            statement.setLong(1, tenantId);
            statement.setArray(2, statement.getConnection().createArrayOf("uuid", ids.toArray()));
            Map<UUID, RunStats> stats = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long p50 = rows.getLong("p50");
                    Optional<Long> median = rows.wasNull() ? Optional.empty() : Optional.of(p50);
                    long p95 = rows.getLong("p95");
                    Optional<Long> high = rows.wasNull() ? Optional.empty() : Optional.of(p95);
                    stats.put(rows.getObject("query_id", UUID.class), new RunStats(rows.getLong("run_count"),
                            Optional.ofNullable(Sql.getInstant(rows, "last_run_at")), median, high));
                }
            }
            return stats;
        });
    }

    private List<SavedQuery> readQueries(PreparedStatement statement) throws SQLException {
        List<SavedQuery> queries = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                queries.add(SavedQuery.restore(rows.getObject("query_id", UUID.class), rows.getString("owner"), definition(rows),
                        rows.getInt("version"), Sql.getInstant(rows, "created_at"), Sql.getInstant(rows, "updated_at")));
            }
        }
        return queries;
    }

    private SavedQuery.Definition definition(ResultSet rows) throws SQLException {
        return new SavedQuery.Definition(rows.getString("name"), Optional.ofNullable(rows.getString("description")),
                QueryTemplate.of(read(rows.getString("definition")), "query"), params(read(rows.getString("params"))),
                Visibility.fromWireName(rows.getString("visibility"), "visibility"));
    }

    /** Parameters as stored: {@code [{"name", "type", "default"?, "required", "allowed"}]}. */
    private static List<Map<String, Object>> params(List<QueryParam> params) {
        List<Map<String, Object>> stored = new ArrayList<>();
        for (QueryParam param : params) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", param.name());
            item.put("type", param.type().wireName());
            param.defaultValue().ifPresent(value -> item.put("default", value));
            item.put("required", param.required());
            item.put("allowed", param.allowed());
            stored.add(item);
        }
        return stored;
    }

    @SuppressWarnings("unchecked")
    private static List<QueryParam> params(Object stored) {
        List<QueryParam> params = new ArrayList<>();
        for (Object entry : (List<Object>) stored) {
            Map<String, Object> item = (Map<String, Object>) entry;
            ParamType type = ParamType.fromWireName((String) item.get("type"), "type");
            params.add(new QueryParam((String) item.get("name"), type, Optional.ofNullable(exact(item.get("default"))),
                    Boolean.TRUE.equals(item.get("required")), ((List<Object>) item.get("allowed")).stream().map(SavedQueryPersistenceAdapter::exact).toList()));
        }
        return params;
    }

    /** Numbers read back exactly, as the decimals they were written as. */
    private static Object exact(Object value) {
        return value instanceof Number number && !(value instanceof BigDecimal) ? new BigDecimal(number.toString()) : value;
    }

    private String write(Object value) {
        return JsonColumns.write(json, value);
    }

    private Object read(String text) {
        return JsonColumns.read(json, text, Argument.OBJECT_ARGUMENT);
    }
}
