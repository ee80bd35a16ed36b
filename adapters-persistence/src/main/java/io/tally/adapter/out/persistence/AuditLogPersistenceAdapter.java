package io.tally.adapter.out.persistence;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.tally.application.port.out.AuditLogPort;
import io.tally.domain.audit.AuditEntry;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;

/* Each call runs on the surrounding transaction's connection, or on one of its own outside a transaction. */
@Connectable
@Singleton
class AuditLogPersistenceAdapter implements AuditLogPort {

    private static final String INSERT = """
            INSERT INTO audit_entry (tenant_id, occurred_at, actor, action, target, details, request_id)
            VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?)""";

    private final JdbcOperations jdbc;
    private final TenantKeys tenants;
    private final JsonMapper json;

    AuditLogPersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants, JsonMapper json) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.json = json;
    }

    @Override
    public void append(AuditEntry entry) {
        long tenantId = tenants.require(entry.tenant());
        String details = toJson(entry);
        jdbc.prepareStatement(INSERT, statement -> {
            statement.setLong(1, tenantId);
            Sql.setInstant(statement, 2, entry.occurredAt());
            statement.setString(3, entry.actor());
            statement.setString(4, entry.action());
            statement.setString(5, entry.target());
            statement.setString(6, details);
            statement.setString(7, entry.requestId());
            return statement.executeUpdate();
        });
    }

    private String toJson(AuditEntry entry) {
        try {
            return json.writeValueAsString(entry.details());
        } catch (IOException e) {
            throw new UncheckedIOException("audit details of " + entry.action() + " are not serialisable", e);
        }
    }
}
