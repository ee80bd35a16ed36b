package io.tally.adapter.out.persistence.dashboard;

import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.tally.adapter.out.persistence.Sql;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.application.port.out.DashboardStorePort;
import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.dashboard.DashboardFilter;
import io.tally.domain.dashboard.DashboardVersion;
import io.tally.domain.dashboard.Position;
import io.tally.domain.dashboard.Widget;
import io.tally.domain.dashboard.WidgetSource;
import io.tally.domain.dashboard.WidgetType;
import io.tally.domain.query.ParamType;
import io.tally.domain.query.QueryTemplate;
import io.tally.domain.query.Visibility;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Dashboards (V8): the current definition in {@code dashboard} (its name and visibility also in columns, for lists),
 * every version in {@code dashboard_version}, and in {@code dashboard_defaults} the tenants whose defaults were made.
 * A definition is stored as JSON in the API's shape, numbers exact.
 */
@Connectable
@Singleton
class DashboardPersistenceAdapter implements DashboardStorePort {

    private static final String COLUMNS = "dashboard_id, owner, default_key, definition::text AS definition, version, created_at, updated_at";
    private static final String INSERT = """
            INSERT INTO dashboard (tenant_id, dashboard_id, owner, default_key, definition, name, visibility, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?)""";
    private static final String INSERT_VERSION = """
            INSERT INTO dashboard_version (tenant_id, dashboard_id, version, definition, saved_by, saved_at)
            VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?)""";
    private static final String UPDATE = """
            UPDATE dashboard SET definition = CAST(? AS jsonb), name = ?, visibility = ?, version = ?, updated_at = ?
             WHERE tenant_id = ? AND dashboard_id = ?""";
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM dashboard
            WHERE tenant_id = ? AND (owner = ? OR visibility = 'tenant') AND (?::text IS NULL OR visibility = ?)
              AND (?::timestamptz IS NULL OR (created_at, dashboard_id) > (?, ?))
            ORDER BY created_at, dashboard_id
            LIMIT ?""";
    private static final String VERSIONS = """
            SELECT version, definition::text AS definition, saved_by, saved_at
              FROM dashboard_version
             WHERE tenant_id = ? AND dashboard_id = ? AND (?::integer IS NULL OR version < ?)
             ORDER BY version DESC
             LIMIT ?""";
    private static final String CLAIM_DEFAULTS = """
            INSERT INTO dashboard_defaults (tenant_id, made_at) VALUES (?, ?) ON CONFLICT (tenant_id) DO NOTHING""";

    private final JdbcOperations jdbc;
    private final TenantKeys tenants;
    private final JsonMapper json;

    DashboardPersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants, JsonMapper json) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.json = json;
    }

    @Override
    public void create(TenantId tenant, Dashboard dashboard, DashboardVersion first) {
        long tenantId = tenants.require(tenant);
        jdbc.prepareStatement(INSERT, statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, dashboard.id());
            statement.setString(3, dashboard.owner());
            Sql.setText(statement, 4, dashboard.defaultKey().orElse(null));
            statement.setString(5, write(dashboard.definition()));
            statement.setString(6, dashboard.definition().name());
            statement.setString(7, dashboard.definition().visibility().wireName());
            statement.setInt(8, dashboard.version());
            Sql.setInstant(statement, 9, dashboard.createdAt());
            Sql.setInstant(statement, 10, dashboard.updatedAt());
            return statement.executeUpdate();
        });
        insertVersion(tenantId, dashboard.id(), first);
    }

    private void insertVersion(long tenantId, UUID id, DashboardVersion version) {
        jdbc.prepareStatement(INSERT_VERSION, statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
            statement.setInt(3, version.version());
            statement.setString(4, write(version.definition()));
            statement.setString(5, version.savedBy());
            Sql.setInstant(statement, 6, version.savedAt());
            return statement.executeUpdate();
        });
    }

    @Override
    public Optional<Dashboard> find(TenantId tenant, UUID id) {
        return find(tenant, id, "");
    }

    @Override
    public Optional<Dashboard> findForUpdate(TenantId tenant, UUID id) {
        return find(tenant, id, " FOR UPDATE");
    }

    private Optional<Dashboard> find(TenantId tenant, UUID id, String lock) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM dashboard WHERE tenant_id = ? AND dashboard_id = ?" + lock, statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
            return readDashboards(statement).stream().findFirst();
        });
    }

    @Override
    public void update(TenantId tenant, Dashboard dashboard, DashboardVersion version) {
        long tenantId = tenants.require(tenant);
        jdbc.prepareStatement(UPDATE, statement -> {
            statement.setString(1, write(dashboard.definition()));
            statement.setString(2, dashboard.definition().name());
            statement.setString(3, dashboard.definition().visibility().wireName());
            statement.setInt(4, dashboard.version());
            Sql.setInstant(statement, 5, dashboard.updatedAt());
            statement.setLong(6, tenantId);
            statement.setObject(7, dashboard.id());
            return statement.executeUpdate();
        });
        insertVersion(tenantId, dashboard.id(), version);
    }

    @Override
    public boolean delete(TenantId tenant, UUID id) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("DELETE FROM dashboard WHERE tenant_id = ? AND dashboard_id = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
            return statement.executeUpdate() == 1;
        });
    }

    @Override
    public List<Dashboard> list(TenantId tenant, String subject, Optional<Visibility> visibility, Optional<Cursor> after, int limit) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(LIST, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, subject);
            String only = visibility.map(Visibility::wireName).orElse(null);
            statement.setString(3, only);
            statement.setString(4, only);
            Instant from = after.map(Cursor::createdAt).orElse(null);
            Sql.setInstant(statement, 5, from);
            Sql.setInstant(statement, 6, from);
            statement.setObject(7, after.map(Cursor::id).orElse(null), Types.OTHER);
            statement.setInt(8, limit);
            return readDashboards(statement);
        });
    }

    @Override
    public List<DashboardVersion> versions(TenantId tenant, UUID id, Optional<Integer> before, int limit) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(VERSIONS, statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
            statement.setObject(3, before.orElse(null), Types.INTEGER);
            statement.setObject(4, before.orElse(null), Types.INTEGER);
            statement.setInt(5, limit);
            List<DashboardVersion> versions = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    versions.add(new DashboardVersion(rows.getInt("version"), definition(rows.getString("definition")),
                            rows.getString("saved_by"), Sql.getInstant(rows, "saved_at")));
                }
            }
            return versions;
        });
    }

    @Override
    public boolean claimDefaults(TenantId tenant, Instant now) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(CLAIM_DEFAULTS, statement -> {
            statement.setLong(1, tenantId);
            Sql.setInstant(statement, 2, now);
            return statement.executeUpdate() == 1;
        });
    }

    private List<Dashboard> readDashboards(PreparedStatement statement) throws SQLException {
        List<Dashboard> dashboards = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                dashboards.add(Dashboard.restore(rows.getObject("dashboard_id", UUID.class), rows.getString("owner"),
                        definition(rows.getString("definition")), Optional.ofNullable(rows.getString("default_key")), rows.getInt("version"),
                        Sql.getInstant(rows, "created_at"), Sql.getInstant(rows, "updated_at")));
            }
        }
        return dashboards;
    }

    /** A definition as stored: the API's shape. */
    private String write(Dashboard.Definition definition) {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("name", definition.name());
        definition.description().ifPresent(description -> stored.put("description", description));
        stored.put("visibility", definition.visibility().wireName());
        List<Map<String, Object>> filters = new ArrayList<>();
        for (DashboardFilter filter : definition.filters()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", filter.name());
            item.put("type", filter.type().wireName());
            filter.defaultValue().ifPresent(value -> item.put("default", value));
            filters.add(item);
        }
        stored.put("filters", filters);
        definition.refreshSeconds().ifPresent(seconds -> stored.put("refresh_seconds", seconds));
        List<Map<String, Object>> widgets = new ArrayList<>();
        for (Widget widget : definition.widgets()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", widget.id());
            item.put("title", widget.title());
            item.put("type", widget.type().wireName());
            switch (widget.source()) {
                case WidgetSource.Inline inline -> item.put("query", inline.query().json());
                case WidgetSource.Saved saved -> {
                    item.put("saved_query", saved.query().toString());
                    item.put("params", saved.params().json());
                }
            }
            widget.target().ifPresent(target -> item.put("target", target));
            if (widget.forecast()) {
                item.put("forecast", true);
            }
            Position position = widget.position();
            item.put("position", Map.of("x", position.x(), "y", position.y(), "w", position.w(), "h", position.h()));
            widgets.add(item);
        }
        stored.put("widgets", widgets);
        try {
            return json.writeValueAsString(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Dashboard.Definition definition(String text) {
        Map<String, Object> stored;
        try {
            stored = json.readValue(text, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<DashboardFilter> filters = new ArrayList<>();
        for (Object entry : (List<Object>) stored.get("filters")) {
            Map<String, Object> item = (Map<String, Object>) entry;
            filters.add(new DashboardFilter((String) item.get("name"), ParamType.fromWireName((String) item.get("type"), "type"),
                    Optional.ofNullable(item.get("default"))));
        }
        List<Widget> widgets = new ArrayList<>();
        for (Object entry : (List<Object>) stored.get("widgets")) {
            Map<String, Object> item = (Map<String, Object>) entry;
            WidgetSource source = item.containsKey("saved_query")
                    ? new WidgetSource.Saved(UUID.fromString((String) item.get("saved_query")), QueryTemplate.of(item.get("params"), "params"))
                    : new WidgetSource.Inline(QueryTemplate.of(item.get("query"), "query"));
            Map<String, Object> position = (Map<String, Object>) item.get("position");
            widgets.add(new Widget((String) item.get("id"), (String) item.get("title"), WidgetType.fromWireName((String) item.get("type"), "type"),
                    source, Optional.ofNullable(item.get("target")).map(value -> new BigDecimal(value.toString())),
                    new Position(number(position, "x"), number(position, "y"), number(position, "w"), number(position, "h")),
                    Boolean.TRUE.equals(item.get("forecast"))));
        }
        Optional<Integer> refresh = Optional.ofNullable(stored.get("refresh_seconds")).map(value -> ((Number) value).intValue());
        return new Dashboard.Definition((String) stored.get("name"), Optional.ofNullable((String) stored.get("description")),
                Visibility.fromWireName((String) stored.get("visibility"), "visibility"), filters, refresh, widgets);
    }

    private static int number(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).intValue();
    }
}
