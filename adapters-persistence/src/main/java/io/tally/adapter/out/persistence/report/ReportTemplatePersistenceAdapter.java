package io.tally.adapter.out.persistence.report;

import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.tally.adapter.out.persistence.JsonColumns;
import io.tally.adapter.out.persistence.Sql;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.application.port.out.ReportTemplateStorePort;
import io.tally.domain.template.ReportTemplate;
import io.tally.domain.template.TemplateJson;
import io.tally.domain.template.TemplateKey;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Report templates: the built-in ones read from the jar ({@code report-templates/<key>.json}, data like any tenant's,
 * read by the same {@link TemplateJson}), a tenant's own in {@code report_template} (V10), the definition kept as the
 * JSON it was given.
 */
@Connectable
@Singleton
class ReportTemplatePersistenceAdapter implements ReportTemplateStorePort {

    /** The built-in templates' keys, each a file of {@code report-templates/}, in key order. */
    static final List<String> BUILT_IN = List.of("activity", "billing-summary", "content-performance", "sales-overview", "usage-history",
            "usage-summary");

    private static final String COLUMNS = "template_key, definition, version, updated_by, created_at, updated_at";
    private static final String INSERT = """
            INSERT INTO report_template (tenant_id, template_key, definition, version, updated_by, created_at, updated_at)
            VALUES (?, ?, CAST(? AS json), ?, ?, ?, ?) ON CONFLICT (tenant_id, template_key) DO NOTHING""";
    private static final String UPDATE = """
            UPDATE report_template SET definition = CAST(? AS json), version = ?, updated_by = ?, updated_at = ?
             WHERE tenant_id = ? AND template_key = ?""";

    private final JdbcOperations jdbc;
    private final TenantKeys tenants;
    private final JsonMapper json;
    private final List<ReportTemplate> builtIns;

    ReportTemplatePersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants, JsonMapper json) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.json = json;
        List<ReportTemplate> read = new ArrayList<>();
        for (String key : BUILT_IN) {
            read.add(ReportTemplate.builtIn(TemplateKey.of(key), TemplateJson.read(resource(key))));
        }
        this.builtIns = List.copyOf(read);
    }

    private Map<String, Object> resource(String key) {
        String path = "report-templates/" + key + ".json";
        try (InputStream in = ReportTemplatePersistenceAdapter.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the built-in report template " + path + " is not in the jar");
            }
            return json.readValue(in.readAllBytes(), Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException("the built-in report template " + path + " cannot be read", e);
        }
    }

    @Override
    public List<ReportTemplate> builtIns() {
        return builtIns;
    }

    @Override
    public Optional<ReportTemplate> find(TenantId tenant, TemplateKey key) {
        return find(tenant, key, "");
    }

    @Override
    public Optional<ReportTemplate> findForUpdate(TenantId tenant, TemplateKey key) {
        return find(tenant, key, " FOR UPDATE");
    }

    private Optional<ReportTemplate> find(TenantId tenant, TemplateKey key, String lock) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM report_template WHERE tenant_id = ? AND template_key = ?" + lock, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, key.value());
            return readAll(statement).stream().findFirst();
        });
    }

    @Override
    public List<ReportTemplate> list(TenantId tenant, Optional<TemplateKey> after, int limit) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM report_template WHERE tenant_id = ? AND template_key > ?"
                + " ORDER BY template_key LIMIT ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, after.map(TemplateKey::value).orElse(""));
            statement.setInt(3, limit);
            return readAll(statement);
        });
    }

    @Override
    public boolean create(TenantId tenant, ReportTemplate template) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(INSERT, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, template.key().value());
            statement.setString(3, toJson(template));
            statement.setInt(4, template.version());
            statement.setString(5, template.updatedBy().orElseThrow());
            Sql.setInstant(statement, 6, template.createdAt().orElseThrow());
            Sql.setInstant(statement, 7, template.updatedAt().orElseThrow());
            return statement.executeUpdate() == 1;
        });
    }

    @Override
    public void update(TenantId tenant, ReportTemplate template) {
        long tenantId = tenants.require(tenant);
        jdbc.prepareStatement(UPDATE, statement -> {
            statement.setString(1, toJson(template));
            statement.setInt(2, template.version());
            statement.setString(3, template.updatedBy().orElseThrow());
            Sql.setInstant(statement, 4, template.updatedAt().orElseThrow());
            statement.setLong(5, tenantId);
            statement.setString(6, template.key().value());
            return statement.executeUpdate();
        });
    }

    @Override
    public boolean delete(TenantId tenant, TemplateKey key) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("DELETE FROM report_template WHERE tenant_id = ? AND template_key = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, key.value());
            return statement.executeUpdate() == 1;
        });
    }

    private List<ReportTemplate> readAll(PreparedStatement statement) throws SQLException {
        List<ReportTemplate> templates = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Map<String, Object> definition = JsonColumns.readObject(json, rows.getString("definition"));
                templates.add(ReportTemplate.restore(TemplateKey.of(rows.getString("template_key")), TemplateJson.read(definition),
                        rows.getInt("version"), rows.getString("updated_by"), Sql.getInstant(rows, "created_at"), Sql.getInstant(rows, "updated_at")));
            }
        }
        return templates;
    }

    private String toJson(ReportTemplate template) {
        return JsonColumns.write(json, TemplateJson.write(Optional.empty(), template.definition()));
    }
}
