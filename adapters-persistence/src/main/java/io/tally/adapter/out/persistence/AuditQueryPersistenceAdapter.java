package io.tally.adapter.out.persistence;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.tally.application.port.out.AuditQueryPort;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/*
 * Reads audit_entry newest first (by audit_id, its sequence): audit_entry_pk serves the unfiltered listing,
 * audit_entry_by_action the listing of one action. Each call runs on the surrounding transaction's
 * connection, or on one of its own outside a transaction.
 */
@Connectable
@Singleton
class AuditQueryPersistenceAdapter implements AuditQueryPort {

    private static final String SELECT = """
            SELECT audit_id, occurred_at, actor, action, target, details, request_id FROM audit_entry WHERE tenant_id = ?""";

    private final JdbcOperations jdbc;
    private final TenantKeys tenants;
    private final JsonMapper json;

    AuditQueryPersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants, JsonMapper json) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.json = json;
    }

    @Override
    public List<Sequenced> find(TenantId tenant, Optional<String> action, Optional<String> actor, Optional<Instant> from,
                                Optional<Instant> to, Optional<Long> before, int limit) {
        long tenantId = tenants.require(tenant);
        // the filters given add fixed conditions; every value is a bind parameter
        StringBuilder sql = new StringBuilder(SELECT);
        action.ifPresent(value -> sql.append(" AND action = ?"));
        actor.ifPresent(value -> sql.append(" AND actor = ?"));
        from.ifPresent(value -> sql.append(" AND occurred_at >= ?"));
        to.ifPresent(value -> sql.append(" AND occurred_at < ?"));
        before.ifPresent(value -> sql.append(" AND audit_id < ?"));
        sql.append(" ORDER BY audit_id DESC LIMIT ?");
        List<Row> rows = jdbc.prepareStatement(sql.toString(), statement -> {
            int index = 1;
            statement.setLong(index++, tenantId);
            if (action.isPresent()) {
                statement.setString(index++, action.get());
            }
            if (actor.isPresent()) {
                statement.setString(index++, actor.get());
            }
            if (from.isPresent()) {
                Sql.setInstant(statement, index++, from.get());
            }
            if (to.isPresent()) {
                Sql.setInstant(statement, index++, to.get());
            }
            if (before.isPresent()) {
                statement.setLong(index++, before.get());
            }
            statement.setInt(index, limit);
            List<Row> read = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    read.add(new Row(result.getLong("audit_id"), Sql.getInstant(result, "occurred_at"), result.getString("actor"),
                            result.getString("action"), result.getString("target"), result.getString("details"),
                            result.getString("request_id")));
                }
            }
            return read;
        });
        return rows.stream().map(row -> new Sequenced(row.auditId(), new AuditEntry(tenant, row.occurredAt(), row.actor(), row.action(),
                row.target(), details(row.details()), row.requestId()))).toList();
    }

    private Map<String, Object> details(String document) {
        return JsonColumns.readObject(json, document);
    }

    /** One entry as stored, its details still JSON text. */
    private record Row(long auditId, Instant occurredAt, String actor, String action, String target, String details, String requestId) {
    }
}
