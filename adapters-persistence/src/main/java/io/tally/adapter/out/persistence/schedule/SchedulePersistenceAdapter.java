package io.tally.adapter.out.persistence.schedule;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.tally.adapter.out.persistence.ChunkedFiles;
import io.tally.adapter.out.persistence.JsonColumns;
import io.tally.adapter.out.persistence.Sql;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.adapter.out.persistence.delivery.DeliveryTables;
import io.tally.application.port.in.schedule.RunCursor;
import io.tally.application.port.out.schedule.ScheduleStorePort;
import io.tally.domain.analytics.Period;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.report.ExportFileName;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.delivery.Delivery;
import io.tally.domain.schedule.Schedule;
import io.tally.domain.schedule.ScheduleDefinition;
import io.tally.domain.schedule.ScheduleFile;
import io.tally.domain.schedule.ScheduleRun;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Schedules ({@code report_schedule}, the definition kept as the JSON the API takes), their runs, files (content in
 * {@code schedule_file_chunk}, {@link ChunkedFiles}), deliveries and attempts (V11).
 */
@Connectable
@Singleton
class SchedulePersistenceAdapter implements ScheduleStorePort {

    private static final String SCHEDULE_COLUMNS = "schedule_id, definition, version, created_by, created_at, updated_by, updated_at";
    private static final String RUN_COLUMNS = """
            run_id, schedule_id, fire_time, trigger, status, attempts, node, created_at, started_at, finished_at, data_as_of, watermark,
            period_from, period_to, period_zone, error""";
    private static final String INSERT_RUN = """
            INSERT INTO schedule_run (tenant_id, run_id, schedule_id, fire_time, trigger, status, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, schedule_id, fire_time, trigger) DO NOTHING""";
    private static final String START_RUN = """
            UPDATE schedule_run SET status = 'running', attempts = attempts + 1, node = ?, started_at = ?
             WHERE tenant_id = ? AND run_id = ? AND status IN ('queued', 'running')
            RETURNING""" + " " + RUN_COLUMNS;

    private static final DeliveryTables DELIVERIES = new DeliveryTables("schedule_delivery", "run_id", "delivery_attempt");

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final TenantKeys tenants;
    private final JsonMapper json;

    SchedulePersistenceAdapter(JdbcOperations jdbc, TransactionOperations<Connection> transactions, TenantKeys tenants, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tenants = tenants;
        this.json = json;
    }

    @Override
    public void create(TenantId tenant, Schedule schedule) {
        long tenantId = tenants.require(tenant);
        write("""
                INSERT INTO report_schedule (tenant_id, schedule_id, definition, enabled, version, created_by, created_at, updated_by, updated_at)
                VALUES (?, ?, CAST(? AS json), ?, ?, ?, ?, ?, ?)""", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, schedule.id());
            statement.setString(3, JsonColumns.write(json, schedule.definition().json()));
            statement.setBoolean(4, schedule.definition().enabled());
            statement.setInt(5, schedule.version());
            statement.setString(6, schedule.createdBy());
            Sql.setInstant(statement, 7, schedule.createdAt());
            statement.setString(8, schedule.updatedBy());
            Sql.setInstant(statement, 9, schedule.updatedAt());
        });
    }

    @Override
    public Optional<Schedule> find(TenantId tenant, UUID id) {
        return findSchedule(tenant, id, "");
    }

    @Override
    public Optional<Schedule> findForUpdate(TenantId tenant, UUID id) {
        return findSchedule(tenant, id, " FOR UPDATE");
    }

    private Optional<Schedule> findSchedule(TenantId tenant, UUID id, String lock) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + SCHEDULE_COLUMNS + " FROM report_schedule WHERE tenant_id = ? AND schedule_id = ?" + lock,
                statement -> {
                    statement.setLong(1, tenantId);
                    statement.setObject(2, id);
                    return schedules(statement).stream().findFirst();
                });
    }

    @Override
    public List<Schedule> list(TenantId tenant, Optional<UUID> after, int limit) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + SCHEDULE_COLUMNS + " FROM report_schedule WHERE tenant_id = ?"
                + (after.isPresent() ? " AND schedule_id > ?" : "") + " ORDER BY schedule_id LIMIT ?", statement -> {
            int i = 1;
            statement.setLong(i++, tenantId);
            if (after.isPresent()) {
                statement.setObject(i++, after.get());
            }
            statement.setInt(i, limit + 1);
            return schedules(statement);
        });
    }

    @Override
    public void update(TenantId tenant, Schedule schedule) {
        long tenantId = tenants.require(tenant);
        write("""
                UPDATE report_schedule SET definition = CAST(? AS json), enabled = ?, version = ?, updated_by = ?, updated_at = ?
                 WHERE tenant_id = ? AND schedule_id = ?""", statement -> {
            statement.setString(1, JsonColumns.write(json, schedule.definition().json()));
            statement.setBoolean(2, schedule.definition().enabled());
            statement.setInt(3, schedule.version());
            statement.setString(4, schedule.updatedBy());
            Sql.setInstant(statement, 5, schedule.updatedAt());
            statement.setLong(6, tenantId);
            statement.setObject(7, schedule.id());
        });
    }

    @Override
    public List<Enabled> enabled() {
        return jdbc.prepareStatement("SELECT t.tenant_key, s." + SCHEDULE_COLUMNS.replace(", ", ", s.")
                + " FROM report_schedule s JOIN tenant t ON t.tenant_id = s.tenant_id WHERE s.enabled ORDER BY s.tenant_id, s.schedule_id",
                statement -> {
                    List<Enabled> found = new ArrayList<>();
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            found.add(new Enabled(TenantId.of(rows.getString("tenant_key")), schedule(rows)));
                        }
                    }
                    return found;
                });
    }

    @Override
    public boolean delete(TenantId tenant, UUID id) {
        long tenantId = tenants.require(tenant);
        return write("DELETE FROM report_schedule WHERE tenant_id = ? AND schedule_id = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
        }) == 1;
    }

    @Override
    public ScheduleRun createRunIfAbsent(TenantId tenant, ScheduleRun run) {
        long tenantId = tenants.require(tenant);
        return transactions.executeWrite(status -> {
            jdbc.prepareStatement(INSERT_RUN, statement -> {
                statement.setLong(1, tenantId);
                statement.setObject(2, run.id());
                statement.setObject(3, run.scheduleId());
                Sql.setInstant(statement, 4, run.fireTime());
                statement.setString(5, run.trigger().wireName());
                statement.setString(6, run.status().wireName());
                Sql.setInstant(statement, 7, run.createdAt());
                return statement.executeUpdate();
            });
            return jdbc.prepareStatement("SELECT " + RUN_COLUMNS + " FROM schedule_run WHERE tenant_id = ? AND schedule_id = ? AND fire_time = ?"
                    + " AND trigger = ?", statement -> {
                statement.setLong(1, tenantId);
                statement.setObject(2, run.scheduleId());
                Sql.setInstant(statement, 3, run.fireTime());
                statement.setString(4, run.trigger().wireName());
                return runs(tenantId, statement).getFirst();
            });
        });
    }

    @Override
    public Optional<ScheduleRun> findRun(TenantId tenant, UUID run) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + RUN_COLUMNS + " FROM schedule_run WHERE tenant_id = ? AND run_id = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, run);
            return runs(tenantId, statement).stream().findFirst();
        });
    }

    @Override
    public List<ScheduleRun> listRuns(TenantId tenant, UUID schedule, Optional<RunCursor> before, int limit) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + RUN_COLUMNS + " FROM schedule_run WHERE tenant_id = ? AND schedule_id = ?"
                + (before.isPresent() ? " AND (created_at, run_id) < (?, ?)" : "") + " ORDER BY created_at DESC, run_id DESC LIMIT ?", statement -> {
            int i = 1;
            statement.setLong(i++, tenantId);
            statement.setObject(i++, schedule);
            if (before.isPresent()) {
                Sql.setInstant(statement, i++, before.get().createdAt());
                statement.setObject(i++, before.get().id());
            }
            statement.setInt(i, limit + 1);
            return runs(tenantId, statement);
        });
    }

    @Override
    public Optional<ScheduleRun> startRun(TenantId tenant, UUID run, String node, Instant now) {
        long tenantId = tenants.require(tenant);
        return transactions.executeWrite(status -> jdbc.prepareStatement(START_RUN, statement -> {
            statement.setString(1, node);
            Sql.setInstant(statement, 2, now);
            statement.setLong(3, tenantId);
            statement.setObject(4, run);
            return runs(tenantId, statement).stream().findFirst();
        }));
    }

    @Override
    public void recordRunData(TenantId tenant, UUID run, Instant dataAsOf, long watermark, Optional<Period> period) {
        long tenantId = tenants.require(tenant);
        write("""
                UPDATE schedule_run SET data_as_of = ?, watermark = ?, period_from = ?, period_to = ?, period_zone = ?
                 WHERE tenant_id = ? AND run_id = ?""", statement -> {
            Sql.setInstant(statement, 1, dataAsOf);
            statement.setLong(2, watermark);
            statement.setObject(3, period.map(Period::from).orElse(null), Types.DATE);
            statement.setObject(4, period.map(Period::to).orElse(null), Types.DATE);
            Sql.setText(statement, 5, period.map(p -> p.zone().value()).orElse(null));
            statement.setLong(6, tenantId);
            statement.setObject(7, run);
        });
    }

    @Override
    public void setRunStatus(TenantId tenant, UUID run, ScheduleRun.Status status, Optional<String> error, Instant now) {
        long tenantId = tenants.require(tenant);
        write("UPDATE schedule_run SET status = ?, error = ?, finished_at = ? WHERE tenant_id = ? AND run_id = ?", statement -> {
            statement.setString(1, status.wireName());
            Sql.setText(statement, 2, error.orElse(null));
            Sql.setInstant(statement, 3, status.isFinished() ? now : null);
            statement.setLong(4, tenantId);
            statement.setObject(5, run);
        });
    }

    @Override
    public void deleteFiles(TenantId tenant, UUID run) {
        long tenantId = tenants.require(tenant);
        write("DELETE FROM schedule_file_chunk WHERE tenant_id = ? AND run_id = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, run);
        });
        write("DELETE FROM schedule_file WHERE tenant_id = ? AND run_id = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, run);
        });
    }

    @Override
    public OutputStream fileWriter(TenantId tenant, UUID run, UUID file) {
        long tenantId = tenants.require(tenant);
        write("DELETE FROM schedule_file_chunk WHERE tenant_id = ? AND file_id = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, file);
        });
        // each chunk in a transaction of its own
        return ChunkedFiles.writer("file " + file, (seq, chunk) -> transactions.execute(
                TransactionDefinition.of(TransactionDefinition.Propagation.REQUIRES_NEW), status -> jdbc.prepareStatement(
                        "INSERT INTO schedule_file_chunk (tenant_id, file_id, run_id, seq, data) VALUES (?, ?, ?, ?, ?)", statement -> {
                            statement.setLong(1, tenantId);
                            statement.setObject(2, file);
                            statement.setObject(3, run);
                            statement.setInt(4, seq);
                            statement.setBytes(5, chunk);
                            return statement.executeUpdate();
                        })));
    }

    @Override
    public void saveFile(TenantId tenant, ScheduleFile file) {
        long tenantId = tenants.require(tenant);
        write("""
                INSERT INTO schedule_file (tenant_id, file_id, run_id, format, file_name, file_name_ascii, row_count, byte_count, sha256,
                                           created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id, file_id) DO UPDATE SET file_name = excluded.file_name, file_name_ascii = excluded.file_name_ascii,
                    row_count = excluded.row_count, byte_count = excluded.byte_count, sha256 = excluded.sha256, created_at = excluded.created_at,
                    expires_at = excluded.expires_at, expired = false""", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, file.id());
            statement.setObject(3, file.runId());
            statement.setString(4, file.format().wireName());
            statement.setString(5, file.fileName().name());
            statement.setString(6, file.fileName().asciiFallback());
            statement.setLong(7, file.rows());
            statement.setLong(8, file.bytes());
            statement.setString(9, file.sha256());
            Sql.setInstant(statement, 10, file.createdAt());
            Sql.setInstant(statement, 11, file.expiresAt());
        });
    }

    @Override
    public Optional<ScheduleFile> findFile(TenantId tenant, UUID file) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT * FROM schedule_file WHERE tenant_id = ? AND file_id = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, file);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(file(rows)) : Optional.empty();
            }
        });
    }

    @Override
    public InputStream openFile(TenantId tenant, UUID file) {
        long tenantId = tenants.require(tenant);
        // each chunk in a short read-only transaction of its own
        return ChunkedFiles.reader("file " + file, seq -> transactions.execute(TransactionDefinition.READ_ONLY, status -> jdbc.prepareStatement(
                "SELECT data FROM schedule_file_chunk WHERE tenant_id = ? AND file_id = ? AND seq = ?", statement -> {
                    statement.setLong(1, tenantId);
                    statement.setObject(2, file);
                    statement.setInt(3, seq);
                    try (ResultSet rows = statement.executeQuery()) {
                        return rows.next() ? rows.getBytes(1) : null;
                    }
                })));
    }

    @Override
    public int expireFiles(Instant now) {
        return transactions.executeWrite(status -> jdbc.prepareStatement("""
                WITH expired AS (
                    UPDATE schedule_file SET expired = true WHERE NOT expired AND expires_at <= ? RETURNING tenant_id, file_id
                ), chunks AS (
                    DELETE FROM schedule_file_chunk c USING expired e WHERE c.tenant_id = e.tenant_id AND c.file_id = e.file_id
                )
                SELECT count(*) FROM expired""", statement -> {
            Sql.setInstant(statement, 1, now);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }));
    }

    @Override
    public void createDeliveries(TenantId tenant, List<Delivery> deliveries) {
        DELIVERIES.insert(jdbc, transactions, json, tenants.require(tenant), deliveries);
    }

    @Override
    public Optional<Delivery> findDelivery(TenantId tenant, UUID delivery) {
        long tenantId = tenants.require(tenant);
        List<Delivery> found = deliveries(tenantId, "d.delivery_id = ?", statement -> statement.setObject(2, delivery));
        return found.stream().findFirst();
    }

    @Override
    public void recordAttempt(TenantId tenant, UUID delivery, Delivery.Attempt attempt, Delivery.Status status, Optional<Instant> nextAttemptAt) {
        DELIVERIES.recordAttempt(jdbc, transactions, tenants.require(tenant), delivery, attempt, status, nextAttemptAt);
    }

    @Override
    public List<Delivery.Status> deliveryStatuses(TenantId tenant, UUID run) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT status FROM schedule_delivery WHERE tenant_id = ? AND run_id = ? ORDER BY position", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, run);
            List<Delivery.Status> statuses = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    statuses.add(Delivery.Status.fromWireName(rows.getString(1)));
                }
            }
            return statuses;
        });
    }

    private List<Schedule> schedules(PreparedStatement statement) throws SQLException {
        List<Schedule> found = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                found.add(schedule(rows));
            }
        }
        return found;
    }

    private Schedule schedule(ResultSet rows) throws SQLException {
        return new Schedule(rows.getObject("schedule_id", UUID.class), ScheduleDefinition.read(JsonColumns.readObject(json, rows.getString("definition"))),
                rows.getString("created_by"), Sql.getInstant(rows, "created_at"), rows.getString("updated_by"), Sql.getInstant(rows, "updated_at"),
                rows.getInt("version"));
    }

    /** The runs a statement selects, each with its files and deliveries. */
    private List<ScheduleRun> runs(long tenantId, PreparedStatement statement) throws SQLException {
        List<ScheduleRun> bare = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                long watermark = rows.getLong("watermark");
                Optional<Long> mark = rows.wasNull() ? Optional.empty() : Optional.of(watermark);
                Date from = rows.getDate("period_from");
                Optional<Period> period = from == null ? Optional.empty()
                        : Optional.of(new Period(from.toLocalDate(), rows.getDate("period_to").toLocalDate(), TimeZoneId.of(rows.getString("period_zone"))));
                bare.add(new ScheduleRun(rows.getObject("run_id", UUID.class), rows.getObject("schedule_id", UUID.class),
                        Sql.getInstant(rows, "fire_time"), ScheduleRun.Trigger.valueOf(rows.getString("trigger").toUpperCase(java.util.Locale.ROOT)),
                        ScheduleRun.Status.fromWireName(rows.getString("status")), rows.getInt("attempts"), Optional.ofNullable(rows.getString("node")),
                        Sql.getInstant(rows, "created_at"), Optional.ofNullable(Sql.getInstant(rows, "started_at")),
                        Optional.ofNullable(Sql.getInstant(rows, "finished_at")), Optional.ofNullable(Sql.getInstant(rows, "data_as_of")), mark, period,
                        Optional.ofNullable(rows.getString("error")), List.of(), List.of()));
            }
        }
        if (bare.isEmpty()) {
            return bare;
        }
        UUID[] ids = bare.stream().map(ScheduleRun::id).toArray(UUID[]::new);
        Map<UUID, List<ScheduleFile>> files = new HashMap<>();
        jdbc.prepareStatement("SELECT * FROM schedule_file WHERE tenant_id = ? AND run_id = ANY(?) ORDER BY created_at, format", select -> {
            select.setLong(1, tenantId);
            select.setArray(2, select.getConnection().createArrayOf("uuid", ids));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ScheduleFile file = file(rows);
                    files.computeIfAbsent(file.runId(), id -> new ArrayList<>()).add(file);
                }
            }
            return null;
        });
        Map<UUID, List<Delivery>> deliveries = new HashMap<>();
        for (Delivery delivery : deliveries(tenantId, "d.run_id = ANY(?)", select -> select.setArray(2, select.getConnection().createArrayOf("uuid", ids)))) {
            deliveries.computeIfAbsent(delivery.source(), id -> new ArrayList<>()).add(delivery);
        }
        return bare.stream().map(run -> new ScheduleRun(run.id(), run.scheduleId(), run.fireTime(), run.trigger(), run.status(), run.attempts(),
                run.node(), run.createdAt(), run.startedAt(), run.finishedAt(), run.dataAsOf(), run.watermark(), run.period(), run.error(),
                files.getOrDefault(run.id(), List.of()), deliveries.getOrDefault(run.id(), List.of()))).toList();
    }

    /** Deliveries matching a condition on {@code d} (its parameter is the second), each with its attempts, by position. */
    private List<Delivery> deliveries(long tenantId, String condition, DeliveryTables.Binder binder) {
        return DELIVERIES.find(jdbc, json, tenantId, condition, binder);
    }

    private static ScheduleFile file(ResultSet rows) throws SQLException {
        return new ScheduleFile(rows.getObject("file_id", UUID.class), rows.getObject("run_id", UUID.class),
                ExportFormat.fromWireName(rows.getString("format"), "format"),
                new ExportFileName(rows.getString("file_name"), rows.getString("file_name_ascii")), rows.getLong("row_count"),
                rows.getLong("byte_count"), rows.getString("sha256"), Sql.getInstant(rows, "created_at"), Sql.getInstant(rows, "expires_at"));
    }

    /** Runs a write in the surrounding transaction, or a transaction of its own; answers the rows changed. */
    private int write(String sql, Binder binder) {
        return transactions.executeWrite(status -> jdbc.prepareStatement(sql, statement -> {
            binder.bind(statement);
            return statement.executeUpdate();
        }));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
