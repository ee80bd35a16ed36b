package io.tally.adapter.out.persistence.privacy;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.tally.adapter.out.persistence.ChunkedFiles;
import io.tally.adapter.out.persistence.JsonColumns;
import io.tally.adapter.out.persistence.Sql;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.application.port.out.privacy.PrivacyRequestStorePort;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.privacy.PrivacyRequest;
import io.tally.domain.privacy.ProfileCorrection;
import io.tally.domain.privacy.RequestType;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Privacy requests in {@code privacy_request}, access zips in {@code privacy_file_chunk} (V17). */
@Connectable
@Singleton
class PrivacyRequestPersistenceAdapter implements PrivacyRequestStorePort {

    private static final String COLUMNS = """
            r.request_id, c.external_id, r.type, r.note, r.changes::text AS changes, r.status, r.received_at, r.due_at, r.finished_at, r.reason,
            r.received_by, r.receipt::text AS receipt, r.file_bytes, r.file_sha256, r.file_expires_at, r.file_deleted_at""";
    private static final String FROM = " FROM privacy_request r JOIN customer c ON c.tenant_id = r.tenant_id AND c.customer_id = r.customer_id ";

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final TenantKeys tenants;
    private final JsonMapper json;

    PrivacyRequestPersistenceAdapter(JdbcOperations jdbc, TransactionOperations<Connection> transactions, TenantKeys tenants, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tenants = tenants;
        this.json = json;
    }

    @Override
    public void insert(TenantId tenant, PrivacyRequest request) {
        long tenantId = tenants.require(tenant);
        int inserted = jdbc.prepareStatement("""
                INSERT INTO privacy_request (tenant_id, request_id, customer_id, type, note, changes, status, received_at, due_at, received_by)
                SELECT ?, ?, customer_id, ?, ?, CAST(? AS jsonb), ?, ?, ?, ? FROM customer WHERE tenant_id = ? AND external_id = ?""", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, request.id());
            statement.setString(3, request.type().wireName());
            statement.setString(4, request.note().orElse(null));
            statement.setString(5, request.changes().map(changes -> JsonColumns.write(json, changesJson(changes))).orElse(null));
            statement.setString(6, request.status().wireName());
            Sql.setInstant(statement, 7, request.receivedAt());
            Sql.setInstant(statement, 8, request.dueAt());
            statement.setString(9, request.receivedBy());
            statement.setLong(10, tenantId);
            statement.setString(11, request.customer().value());
            return statement.executeUpdate();
        });
        if (inserted == 0) {
            throw new NotFoundException("customer", request.customer().value());
        }
    }

    private static Map<String, Object> changesJson(ProfileCorrection changes) {
        Map<String, Object> fields = new LinkedHashMap<>();
        changes.fields().forEach((field, value) -> fields.put(field, value.orElse(null)));
        return fields;
    }

    @Override
    public Optional<StoredRequest> find(TenantId tenant, UUID id) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + COLUMNS + FROM + "WHERE r.tenant_id = ? AND r.request_id = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
            List<StoredRequest> found = readAll(statement);
            return found.stream().findFirst();
        });
    }

    @Override
    public List<StoredRequest> list(TenantId tenant, Filter filter, Optional<Cursor> before, int limit) {
        long tenantId = tenants.require(tenant);
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + FROM + "WHERE r.tenant_id = ?");
        List<Object> parameters = new ArrayList<>(List.of(tenantId));
        filter.status().ifPresent(status -> {
            sql.append(" AND r.status = ?");
            parameters.add(status.wireName());
        });
        filter.type().ifPresent(type -> {
            sql.append(" AND r.type = ?");
            parameters.add(type.wireName());
        });
        filter.customer().ifPresent(customer -> {
            sql.append(" AND c.external_id = ?");
            parameters.add(customer);
        });
        filter.overdueAt().ifPresent(at -> {
            sql.append(" AND r.status IN ('received', 'in_progress') AND r.due_at < ?");
            parameters.add(at);
        });
        before.ifPresent(cursor -> {
            sql.append(" AND (r.received_at, r.request_id) < (?, ?)");
            parameters.add(cursor.receivedAt());
            parameters.add(cursor.id());
        });
        sql.append(" ORDER BY r.received_at DESC, r.request_id DESC LIMIT ?");
        parameters.add(limit);
        return jdbc.prepareStatement(sql.toString(), statement -> {
            Sql.bind(statement, parameters.toArray());
            return readAll(statement);
        });
    }

    /**
     * In one transaction: the request's row, then its customer's row, locked (so claims of one customer's requests take
     * turns), then whether another of the customer's requests is in progress.
     */
    @Override
    public Claim claim(TenantId tenant, UUID id) {
        long tenantId = tenants.require(tenant);
        return transactions.executeWrite(status -> {
            record Mine(long customer, String status) {
            }
            Mine mine = jdbc.prepareStatement("SELECT customer_id, status FROM privacy_request WHERE tenant_id = ? AND request_id = ? FOR UPDATE",
                    statement -> {
                        statement.setLong(1, tenantId);
                        statement.setObject(2, id);
                        try (ResultSet rows = statement.executeQuery()) {
                            return rows.next() ? new Mine(rows.getLong(1), rows.getString(2)) : null;
                        }
                    });
            if (mine == null || !(mine.status().equals("received") || mine.status().equals("in_progress"))) {
                return Claim.ENDED;
            }
            if (mine.status().equals("in_progress")) {
                return Claim.RESUMED;
            }
            boolean busy = jdbc.prepareStatement("""
                    SELECT EXISTS (SELECT 1 FROM customer WHERE tenant_id = ? AND customer_id = ? FOR UPDATE)
                       AND EXISTS (SELECT 1 FROM privacy_request WHERE tenant_id = ? AND customer_id = ? AND status = 'in_progress')""", statement -> {
                statement.setLong(1, tenantId);
                statement.setLong(2, mine.customer());
                statement.setLong(3, tenantId);
                statement.setLong(4, mine.customer());
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getBoolean(1);
                }
            });
            if (busy) {
                return Claim.BUSY;
            }
            jdbc.prepareStatement("UPDATE privacy_request SET status = 'in_progress' WHERE tenant_id = ? AND request_id = ?", statement -> {
                statement.setLong(1, tenantId);
                statement.setObject(2, id);
                return statement.executeUpdate();
            });
            return Claim.STARTED;
        });
    }

    @Override
    public void save(TenantId tenant, PrivacyRequest request, Optional<Map<String, Object>> receipt) {
        long tenantId = tenants.require(tenant);
        jdbc.prepareStatement("""
                UPDATE privacy_request SET status = ?, finished_at = ?, reason = ?, receipt = coalesce(CAST(? AS jsonb), receipt)
                 WHERE tenant_id = ? AND request_id = ?""", statement -> {
            statement.setString(1, request.status().wireName());
            Sql.setInstant(statement, 2, request.finishedAt().orElse(null));
            statement.setString(3, request.reason().orElse(null));
            statement.setString(4, receipt.map(value -> JsonColumns.write(json, value)).orElse(null));
            statement.setLong(5, tenantId);
            statement.setObject(6, request.id());
            return statement.executeUpdate();
        });
    }

    @Override
    public OutputStream fileWriter(TenantId tenant, UUID id) {
        long tenantId = tenants.require(tenant);
        transactions.executeWrite(status -> jdbc.prepareStatement("DELETE FROM privacy_file_chunk WHERE tenant_id = ? AND request_id = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
            return statement.executeUpdate();
        }));
        return ChunkedFiles.writer("access file " + id, (seq, chunk) -> transactions.execute(
                TransactionDefinition.of(TransactionDefinition.Propagation.REQUIRES_NEW), status -> jdbc.prepareStatement(
                        "INSERT INTO privacy_file_chunk (tenant_id, request_id, seq, data) VALUES (?, ?, ?, ?)", statement -> {
                            statement.setLong(1, tenantId);
                            statement.setObject(2, id);
                            statement.setInt(3, seq);
                            statement.setBytes(4, chunk);
                            return statement.executeUpdate();
                        })));
    }

    @Override
    public void fileWritten(TenantId tenant, UUID id, long bytes, String sha256, Instant expiresAt) {
        long tenantId = tenants.require(tenant);
        jdbc.prepareStatement("""
                UPDATE privacy_request SET file_bytes = ?, file_sha256 = ?, file_expires_at = ?, file_deleted_at = NULL
                 WHERE tenant_id = ? AND request_id = ?""", statement -> {
            statement.setLong(1, bytes);
            statement.setString(2, sha256);
            Sql.setInstant(statement, 3, expiresAt);
            statement.setLong(4, tenantId);
            statement.setObject(5, id);
            return statement.executeUpdate();
        });
    }

    @Override
    public InputStream openFile(TenantId tenant, UUID id) {
        long tenantId = tenants.require(tenant);
        return ChunkedFiles.reader("access file " + id, seq -> transactions.execute(TransactionDefinition.READ_ONLY,
                status -> jdbc.prepareStatement("SELECT data FROM privacy_file_chunk WHERE tenant_id = ? AND request_id = ? AND seq = ?", statement -> {
                    statement.setLong(1, tenantId);
                    statement.setObject(2, id);
                    statement.setInt(3, seq);
                    try (ResultSet rows = statement.executeQuery()) {
                        return rows.next() ? rows.getBytes(1) : null;
                    }
                })));
    }

    @Override
    public int expireFiles(Instant now) {
        // chunks of a file that was never finished (its run failed and the request ended otherwise): nothing points at them
        transactions.executeWrite(status -> jdbc.prepareStatement("""
                DELETE FROM privacy_file_chunk c USING privacy_request r
                 WHERE c.tenant_id = r.tenant_id AND c.request_id = r.request_id AND r.file_bytes IS NULL AND r.status IN ('completed', 'rejected')""",
                statement -> statement.executeUpdate()));
        return transactions.executeWrite(status -> jdbc.prepareStatement("""
                WITH expired AS (
                    UPDATE privacy_request SET file_deleted_at = ?
                     WHERE file_bytes IS NOT NULL AND file_deleted_at IS NULL AND file_expires_at <= ?
                    RETURNING tenant_id, request_id)
                DELETE FROM privacy_file_chunk c USING expired e WHERE c.tenant_id = e.tenant_id AND c.request_id = e.request_id
                RETURNING c.seq""", statement -> {
            Sql.setInstant(statement, 1, now);
            Sql.setInstant(statement, 2, now);
            int chunks = 0;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    chunks++;
                }
            }
            return chunks;
        }));
    }

    @Override
    public List<Ref> open(int limit) {
        return jdbc.prepareStatement("""
                SELECT t.tenant_key, r.request_id FROM privacy_request r JOIN tenant t ON t.tenant_id = r.tenant_id
                 WHERE r.status IN ('received', 'in_progress') ORDER BY r.due_at LIMIT ?""", statement -> {
            statement.setInt(1, limit);
            List<Ref> refs = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    refs.add(new Ref(TenantId.of(rows.getString(1)), rows.getObject(2, UUID.class)));
                }
            }
            return refs;
        });
    }

    private List<StoredRequest> readAll(PreparedStatement statement) throws SQLException {
        List<StoredRequest> found = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                found.add(read(rows));
            }
        }
        return found;
    }

    private StoredRequest read(ResultSet rows) throws SQLException {
        RequestType type = RequestType.fromWireName(rows.getString("type"), "type");
        Optional<ProfileCorrection> changes = Optional.ofNullable(rows.getString("changes")).map(text -> ProfileCorrection.read(JsonColumns.readObject(json, text)));
        PrivacyRequest request = new PrivacyRequest(rows.getObject("request_id", UUID.class), CustomerId.of(rows.getString("external_id")), type,
                Optional.ofNullable(rows.getString("note")), changes, PrivacyRequest.Status.fromWireName(rows.getString("status"), "status"),
                Sql.getInstant(rows, "received_at"), Sql.getInstant(rows, "due_at"), Optional.ofNullable(Sql.getInstant(rows, "finished_at")),
                Optional.ofNullable(rows.getString("reason")), rows.getString("received_by"));
        Map<String, Object> receipt = Optional.ofNullable(rows.getString("receipt")).map(text -> JsonColumns.readObject(json, text)).orElse(Map.of());
        long bytes = rows.getLong("file_bytes");
        Optional<StoredFile> file = rows.wasNull() ? Optional.empty()
                : Optional.of(new StoredFile(bytes, rows.getString("file_sha256"), Sql.getInstant(rows, "file_expires_at"),
                        Sql.getInstant(rows, "file_deleted_at") != null));
        return new StoredRequest(request, receipt, file);
    }
}
