package io.tally.adapter.out.persistence.token;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.application.port.out.token.ServiceTokenStorePort;
import io.tally.domain.access.ServiceScope;
import io.tally.domain.access.ServiceToken;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Managed service tokens in {@code service_token} (V20). */
@Connectable
@Singleton
class ServiceTokenPersistenceAdapter implements ServiceTokenStorePort {

    private static final String COLUMNS = "jti, name, scopes, created_at, created_by, expires_at, last_used_at, revoked_at, revoked_by";

    private final JdbcOperations jdbc;
    private final TenantKeys tenants;

    ServiceTokenPersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants) {
        this.jdbc = jdbc;
        this.tenants = tenants;
    }

    @Override
    public void insert(TenantId tenant, ServiceToken token) {
        long tenantId = tenants.require(tenant);
        jdbc.prepareStatement("""
                INSERT INTO service_token (tenant_id, jti, name, scopes, created_at, created_by, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, token.jti());
            statement.setString(3, token.name());
            statement.setArray(4, statement.getConnection().createArrayOf("text",
                    token.scopes().stream().map(ServiceScope::wireName).sorted().toArray()));
            statement.setTimestamp(5, Timestamp.from(token.createdAt()));
            statement.setString(6, token.createdBy());
            statement.setTimestamp(7, Timestamp.from(token.expiresAt()));
            return statement.executeUpdate();
        });
    }

    @Override
    public Optional<ServiceToken> find(TenantId tenant, UUID jti) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM service_token WHERE tenant_id = ? AND jti = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, jti);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(token(rows)) : Optional.<ServiceToken>empty();
            }
        });
    }

    @Override
    public List<ServiceToken> page(TenantId tenant, int limit, Optional<UUID> after) {
        long tenantId = tenants.require(tenant);
        String sql = after.isEmpty()
                ? "SELECT " + COLUMNS + " FROM service_token WHERE tenant_id = ? ORDER BY created_at DESC, jti DESC LIMIT ?"
                : "SELECT " + COLUMNS + """
                 FROM service_token t WHERE tenant_id = ?
                  AND (created_at, jti) < (SELECT created_at, jti FROM service_token WHERE tenant_id = t.tenant_id AND jti = ?)
                ORDER BY created_at DESC, jti DESC LIMIT ?""";
        return jdbc.prepareStatement(sql, statement -> {
            int i = 1;
            statement.setLong(i++, tenantId);
            if (after.isPresent()) {
                statement.setObject(i++, after.get());
            }
            statement.setInt(i, limit);
            List<ServiceToken> tokens = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tokens.add(token(rows));
                }
            }
            return tokens;
        });
    }

    @Override
    public int countActive(TenantId tenant, Instant now) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT count(*) FROM service_token WHERE tenant_id = ? AND revoked_at IS NULL AND expires_at > ?",
                statement -> {
                    statement.setLong(1, tenantId);
                    statement.setTimestamp(2, Timestamp.from(now));
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        return rows.getInt(1);
                    }
                });
    }

    @Override
    public boolean revoke(TenantId tenant, UUID jti, Instant at, String by) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("""
                UPDATE service_token SET revoked_at = ?, revoked_by = ? WHERE tenant_id = ? AND jti = ? AND revoked_at IS NULL""", statement -> {
            statement.setTimestamp(1, Timestamp.from(at));
            statement.setString(2, by);
            statement.setLong(3, tenantId);
            statement.setObject(4, jti);
            return statement.executeUpdate() == 1;
        });
    }

    @Override
    public Set<Used> revoked(Instant now) {
        return jdbc.prepareStatement("""
                SELECT t.tenant_key, s.jti FROM service_token s JOIN tenant t ON t.tenant_id = s.tenant_id
                 WHERE s.revoked_at IS NOT NULL AND s.expires_at > ?""", statement -> {
            statement.setTimestamp(1, Timestamp.from(now));
            Set<Used> revoked = new HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    revoked.add(new Used(TenantId.of(rows.getString(1)), rows.getObject(2, UUID.class)));
                }
            }
            return revoked;
        });
    }

    @Override
    public void recordUses(Map<Used, Instant> uses) {
        if (uses.isEmpty()) {
            return;
        }
        jdbc.prepareStatement("""
                UPDATE service_token s SET last_used_at = greatest(s.last_used_at, ?)
                  FROM tenant t WHERE t.tenant_key = ? AND s.tenant_id = t.tenant_id AND s.jti = ?""", statement -> {
            for (Map.Entry<Used, Instant> use : uses.entrySet()) {
                statement.setTimestamp(1, Timestamp.from(use.getValue()));
                statement.setString(2, use.getKey().tenant().value());
                statement.setObject(3, use.getKey().jti());
                statement.addBatch();
            }
            return statement.executeBatch();
        });
    }

    private static ServiceToken token(ResultSet rows) throws SQLException {
        Array scopes = rows.getArray(3);
        Set<ServiceScope> parsed = ServiceScope.parse("scopes", String.join(" ", (String[]) scopes.getArray()));
        return new ServiceToken(rows.getObject(1, UUID.class), rows.getString(2), parsed, rows.getTimestamp(4).toInstant(),
                rows.getString(5), rows.getTimestamp(6).toInstant(), instant(rows.getTimestamp(7)), instant(rows.getTimestamp(8)),
                Optional.ofNullable(rows.getString(9)));
    }

    private static Optional<Instant> instant(Timestamp timestamp) {
        return Optional.ofNullable(timestamp).map(Timestamp::toInstant);
    }
}
