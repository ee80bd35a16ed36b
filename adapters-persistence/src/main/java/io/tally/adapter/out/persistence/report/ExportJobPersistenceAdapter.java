package io.tally.adapter.out.persistence.report;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.tally.adapter.out.persistence.ChunkedFiles;
import io.tally.adapter.out.persistence.JsonColumns;
import io.tally.adapter.out.persistence.Sql;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.application.port.out.ExportJobStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.access.CustomerScope;
import io.tally.domain.access.Role;
import io.tally.domain.analytics.RelativePeriod;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.report.ExportFileName;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.report.ExportJob;
import io.tally.domain.report.ExportRequest;
import io.tally.domain.report.ExportStatus;
import io.tally.domain.report.PaperSize;
import io.tally.domain.template.TemplateKey;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Async export jobs in {@code export_job}, their files in {@code export_file_chunk}. A job is claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so nodes racing for the queue never take the same job; a file is written
 * and read one chunk (1 MiB) at a time, each chunk in a transaction of its own.
 */
@Connectable
@Singleton
class ExportJobPersistenceAdapter implements ExportJobStorePort {


    private static final String COLUMNS = """
            j.job_id, t.tenant_key, j.actor_subject, j.actor_kind, j.actor_roles, j.actor_scopes, j.actor_customers, j.request_id,
            j.report, j.customer, j.days, j.from_day, j.to_day, j.month, j.period, j.tz, j.format, j.bom, j.paper, j.status, j.attempts,
            j.row_count, j.byte_count, j.file_name, j.file_name_ascii, j.error, j.created_at, j.finished_at, j.expires_at, j.params""";
    private static final String INSERT = """
            INSERT INTO export_job (job_id, tenant_id, actor_subject, actor_kind, actor_roles, actor_scopes, actor_customers, request_id,
                                    report, customer, days, from_day, to_day, month, tz, format, bom, paper, status, created_at, period,
                                    params)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, CAST(? AS json))""";
    private static final String FIND = "SELECT " + COLUMNS + " FROM export_job j JOIN tenant t ON t.tenant_id = j.tenant_id"
            + " WHERE j.tenant_id = ? AND j.job_id = ?";
    private static final String CLAIM = """
            WITH next AS (
                SELECT tenant_id, job_id FROM export_job
                 WHERE status = 'queued' OR (status = 'running' AND claimed_at < ?)
                 ORDER BY created_at
                 LIMIT 1
                   FOR UPDATE SKIP LOCKED
            )
            UPDATE export_job j SET status = 'running', attempts = j.attempts + 1, claimed_at = ?
              FROM next, tenant t
             WHERE j.tenant_id = next.tenant_id AND j.job_id = next.job_id AND t.tenant_id = j.tenant_id
            RETURNING\s""" + COLUMNS;

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final TenantKeys tenants;
    private final JsonMapper json;
    private final Clock clock;

    ExportJobPersistenceAdapter(JdbcOperations jdbc, TransactionOperations<Connection> transactions, TenantKeys tenants, JsonMapper json,
                                Clock clock) {
        this.json = json;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tenants = tenants;
        this.clock = clock;
    }

    @Override
    public void create(ExportJob job) {
        long tenantId = tenants.require(job.requester().tenant());
        Actor actor = job.requester();
        ExportRequest request = job.request();
        jdbc.prepareStatement(INSERT, statement -> {
            Connection connection = statement.getConnection();
            statement.setObject(1, job.id());
            statement.setLong(2, tenantId);
            statement.setString(3, actor.subject());
            statement.setString(4, actor.kind().name().toLowerCase(Locale.ROOT));
            statement.setArray(5, connection.createArrayOf("text", actor.roles().stream().map(Role::wireName).sorted().toArray()));
            statement.setArray(6, connection.createArrayOf("text", actor.scopes().stream().sorted().toArray()));
            Optional<Set<CustomerId>> only = actor.customers().only();
            if (only.isPresent()) {
                statement.setArray(7, connection.createArrayOf("text", only.get().stream().map(CustomerId::value).sorted().toArray()));
            } else {
                statement.setNull(7, Types.ARRAY);
            }
            statement.setString(8, actor.requestId());
            statement.setString(9, request.report().value());
            Sql.setText(statement, 10, request.customer().map(CustomerId::value).orElse(null));
            if (request.days().isPresent()) {
                statement.setInt(11, request.days().get());
            } else {
                statement.setNull(11, Types.INTEGER);
            }
            statement.setObject(12, request.from().orElse(null), Types.DATE);
            statement.setObject(13, request.to().orElse(null), Types.DATE);
            Sql.setText(statement, 14, request.month().map(YearMonth::toString).orElse(null));
            Sql.setText(statement, 15, request.tz().map(TimeZoneId::value).orElse(null));
            statement.setString(16, request.format().wireName());
            statement.setBoolean(17, request.bom());
            Sql.setText(statement, 18, request.paper().map(PaperSize::wireName).orElse(null));
            Sql.setInstant(statement, 19, job.createdAt());
            Sql.setText(statement, 20, request.relative().map(RelativePeriod::wireName).orElse(null));
            Sql.setText(statement, 21, request.params().isEmpty() ? null : JsonColumns.write(json, request.params()));
            return statement.executeUpdate();
        });
    }

    @Override
    public Optional<ExportJob> find(TenantId tenant, UUID id) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(FIND, statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
            return readOne(statement);
        });
    }

    @Override
    public Optional<ExportJob> claimNext(Instant now, Instant staleBefore) {
        return transactions.executeWrite(status -> jdbc.prepareStatement(CLAIM, statement -> {
            Sql.setInstant(statement, 1, staleBefore);
            Sql.setInstant(statement, 2, now);
            return readOne(statement);
        }));
    }

    @Override
    public void heartbeat(TenantId tenant, UUID id, Instant now) {
        long tenantId = tenants.require(tenant);
        update("UPDATE export_job SET claimed_at = ? WHERE tenant_id = ? AND job_id = ? AND status = 'running'", statement -> {
            Sql.setInstant(statement, 1, now);
            statement.setLong(2, tenantId);
            statement.setObject(3, id);
        });
    }

    @Override
    public OutputStream fileWriter(TenantId tenant, UUID id) {
        long tenantId = tenants.require(tenant);
        deleteFile(tenantId, id);
        // each chunk in a transaction of its own that also renews the job's claim, on the application's clock (the one
        // claimNext judges claims by)
        return ChunkedFiles.writer("export " + id, (seq, chunk) -> transactions.execute(
                TransactionDefinition.of(TransactionDefinition.Propagation.REQUIRES_NEW), status -> jdbc.prepareStatement("""
                        WITH chunk AS (INSERT INTO export_file_chunk (tenant_id, job_id, seq, data) VALUES (?, ?, ?, ?))
                        UPDATE export_job SET claimed_at = ? WHERE tenant_id = ? AND job_id = ? AND status = 'running'""", statement -> {
                    statement.setLong(1, tenantId);
                    statement.setObject(2, id);
                    statement.setInt(3, seq);
                    statement.setBytes(4, chunk);
                    Sql.setInstant(statement, 5, clock.instant());
                    statement.setLong(6, tenantId);
                    statement.setObject(7, id);
                    return statement.executeUpdate();
                })));
    }

    @Override
    public void succeed(TenantId tenant, UUID id, long rows, long bytes, ExportFileName fileName, Instant finishedAt, Instant expiresAt) {
        long tenantId = tenants.require(tenant);
        update("""
                UPDATE export_job SET status = 'succeeded', row_count = ?, byte_count = ?, file_name = ?, file_name_ascii = ?,
                       error = NULL, finished_at = ?, expires_at = ?
                 WHERE tenant_id = ? AND job_id = ?""", statement -> {
            statement.setLong(1, rows);
            statement.setLong(2, bytes);
            statement.setString(3, fileName.name());
            statement.setString(4, fileName.asciiFallback());
            Sql.setInstant(statement, 5, finishedAt);
            Sql.setInstant(statement, 6, expiresAt);
            statement.setLong(7, tenantId);
            statement.setObject(8, id);
        });
    }

    @Override
    public void requeue(TenantId tenant, UUID id, String error) {
        long tenantId = tenants.require(tenant);
        deleteFile(tenantId, id);
        update("UPDATE export_job SET status = 'queued', claimed_at = NULL, error = ? WHERE tenant_id = ? AND job_id = ?", statement -> {
            statement.setString(1, error);
            statement.setLong(2, tenantId);
            statement.setObject(3, id);
        });
    }

    @Override
    public void fail(TenantId tenant, UUID id, String error, Instant finishedAt) {
        long tenantId = tenants.require(tenant);
        deleteFile(tenantId, id);
        update("UPDATE export_job SET status = 'failed', error = ?, finished_at = ? WHERE tenant_id = ? AND job_id = ?", statement -> {
            statement.setString(1, error);
            Sql.setInstant(statement, 2, finishedAt);
            statement.setLong(3, tenantId);
            statement.setObject(4, id);
        });
    }

    @Override
    public InputStream openFile(TenantId tenant, UUID id) {
        long tenantId = tenants.require(tenant);
        // each chunk in a short read-only transaction of its own
        return ChunkedFiles.reader("export " + id, seq -> transactions.execute(TransactionDefinition.READ_ONLY,
                status -> jdbc.prepareStatement("SELECT data FROM export_file_chunk WHERE tenant_id = ? AND job_id = ? AND seq = ?", statement -> {
                    statement.setLong(1, tenantId);
                    statement.setObject(2, id);
                    statement.setInt(3, seq);
                    try (ResultSet rows = statement.executeQuery()) {
                        return rows.next() ? rows.getBytes(1) : null;
                    }
                })));
    }

    private void deleteFile(long tenantId, UUID id) {
        update("DELETE FROM export_file_chunk WHERE tenant_id = ? AND job_id = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
        });
    }

    @Override
    public int expire(Instant now) {
        return transactions.executeWrite(status -> jdbc.prepareStatement("""
                WITH expired AS (
                    UPDATE export_job SET status = 'expired' WHERE status = 'succeeded' AND expires_at <= ? RETURNING tenant_id, job_id
                ), deleted AS (
                    DELETE FROM export_file_chunk c USING expired e WHERE c.tenant_id = e.tenant_id AND c.job_id = e.job_id
                )
                SELECT count(*) FROM expired""", statement -> {
            Sql.setInstant(statement, 1, now);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }));
    }

    private void update(String sql, Binder binder) {
        transactions.execute(TransactionDefinition.of(TransactionDefinition.Propagation.REQUIRES_NEW),
                status -> jdbc.prepareStatement(sql, statement -> {
                    binder.bind(statement);
                    return statement.executeUpdate();
                }));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private Optional<ExportJob> readOne(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.of(toJob(rows)) : Optional.empty();
        }
    }

    private ExportJob toJob(ResultSet rows) throws SQLException {
        TenantId tenant = TenantId.of(rows.getString("tenant_key"));
        Set<Role> roles = Arrays.stream(strings(rows.getArray("actor_roles"))).map(name -> Role.fromWireName(name).orElseThrow())
                .collect(Collectors.toSet());
        Set<String> scopes = Set.of(strings(rows.getArray("actor_scopes")));
        Array customers = rows.getArray("actor_customers");
        CustomerScope scope = customers == null ? CustomerScope.all()
                : CustomerScope.only(Arrays.stream(strings(customers)).map(CustomerId::of).collect(Collectors.toSet()));
        Actor.Kind kind = Actor.Kind.valueOf(rows.getString("actor_kind").toUpperCase(Locale.ROOT));
        Actor actor = new Actor(tenant, rows.getString("actor_subject"), kind, roles, scopes, scope, rows.getString("request_id"));
        Date from = rows.getDate("from_day");
        Date to = rows.getDate("to_day");
        int days = rows.getInt("days");
        Optional<Integer> daysGiven = rows.wasNull() ? Optional.empty() : Optional.of(days);
        String params = rows.getString("params");
        ExportRequest request = new ExportRequest(TemplateKey.of(rows.getString("report")),
                Optional.ofNullable(rows.getString("customer")).map(CustomerId::of), daysGiven,
                Optional.ofNullable(from).map(Date::toLocalDate), Optional.ofNullable(to).map(Date::toLocalDate),
                Optional.ofNullable(rows.getString("month")).map(YearMonth::parse),
                Optional.ofNullable(rows.getString("period")).map(name -> RelativePeriod.fromWireName(name, "period")),
                Optional.ofNullable(rows.getString("tz")).map(TimeZoneId::of), params == null ? Map.of() : JsonColumns.readObject(json, params),
                ExportFormat.fromWireName(rows.getString("format"), "format"), rows.getBoolean("bom"),
                Optional.ofNullable(rows.getString("paper")).map(p -> PaperSize.fromWireName(p, "paper")));
        long rowCount = rows.getLong("row_count");
        Optional<Long> rowsWritten = rows.wasNull() ? Optional.empty() : Optional.of(rowCount);
        long byteCount = rows.getLong("byte_count");
        Optional<Long> bytes = rows.wasNull() ? Optional.empty() : Optional.of(byteCount);
        String fileName = rows.getString("file_name");
        Optional<ExportFileName> name = fileName == null ? Optional.empty()
                : Optional.of(new ExportFileName(fileName, rows.getString("file_name_ascii")));
        return new ExportJob(rows.getObject("job_id", UUID.class), actor, request,
                ExportStatus.valueOf(rows.getString("status").toUpperCase(Locale.ROOT)), rows.getInt("attempts"), rowsWritten, bytes, name,
                Optional.ofNullable(rows.getString("error")), Sql.getInstant(rows, "created_at"),
                Optional.ofNullable(Sql.getInstant(rows, "finished_at")), Optional.ofNullable(Sql.getInstant(rows, "expires_at")));
    }

    private static String[] strings(Array array) throws SQLException {
        return (String[]) array.getArray();
    }
}
