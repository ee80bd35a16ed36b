package io.tally.adapter.out.persistence.status;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.application.port.out.operations.OperationsStatusPort;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The figures of the status page and the metrics, each from an index or a small table: events stored from the rollups'
 * count rows (plus the deltas not folded yet), Tally's own records of the tenant's API use and exports included, the last event received from the data watermark's row, the oldest event
 * from the first rollup slot with events.
 */
@Connectable
@Singleton
class OperationsStatusPersistenceAdapter implements OperationsStatusPort {

    private static final String EVENTS = """
            SELECT coalesce((SELECT sum(events) FROM usage_rollup WHERE tenant_id = ? AND measure = ''), 0)
                 + coalesce((SELECT sum(events) FROM usage_rollup_pending_rows WHERE tenant_id = ? AND measure = ''), 0),
                   (SELECT events_received_at FROM tenant_data_version WHERE tenant_id = ?),
                   least((SELECT min(slot) FROM usage_rollup WHERE tenant_id = ? AND measure = '' AND events > 0),
                         (SELECT min(slot) FROM usage_rollup_pending_rows WHERE tenant_id = ? AND measure = '' AND events > 0)),
                   (SELECT min(created_at) FROM usage_rollup_pending WHERE tenant_id = ?)""";
    private static final String WORK = """
            SELECT (SELECT count(*) FROM export_job WHERE tenant_id = ? AND status = 'queued'),
                   (SELECT count(*) FROM export_job WHERE tenant_id = ? AND status = 'running'),
                   (SELECT count(*) FROM export_job WHERE tenant_id = ? AND status = 'failed' AND finished_at >= ?),
                   (SELECT count(*) FROM privacy_request WHERE tenant_id = ? AND status IN ('received', 'in_progress')),
                   (SELECT count(*) FROM privacy_request WHERE tenant_id = ? AND status IN ('received', 'in_progress') AND due_at < ?)""";
    private static final String FAILING_SCHEDULES = """
            SELECT s.schedule_id, s.definition ->> 'name', coalesce(r.finished_at, r.created_at), coalesce(r.error, r.status)
              FROM report_schedule s
              JOIN LATERAL (SELECT status, created_at, finished_at, error FROM schedule_run
                             WHERE tenant_id = s.tenant_id AND schedule_id = s.schedule_id
                             ORDER BY created_at DESC, run_id DESC LIMIT 1) r ON true
             WHERE s.tenant_id = ? AND r.status IN ('failed', 'partially_failed')
             ORDER BY 3 DESC LIMIT 100""";
    private static final String FAILING_RULES = """
            SELECT rule_id, definition ->> 'name', last_evaluated_at, last_error FROM alert_rule
             WHERE tenant_id = ? AND enabled AND last_error IS NOT NULL
             ORDER BY last_evaluated_at DESC LIMIT 100""";

    private final JdbcOperations jdbc;
    private final TenantKeys tenants;

    OperationsStatusPersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants) {
        this.jdbc = jdbc;
        this.tenants = tenants;
    }

    @Override
    public ServiceFigures serviceFigures() {
        Map<String, Long> jobs = new LinkedHashMap<>();
        for (String status : List.of("queued", "running", "succeeded", "failed", "expired")) {
            jobs.put(status, 0L);
        }
        jdbc.prepareStatement("SELECT status, count(*) FROM export_job GROUP BY status", statement -> {
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    jobs.put(rows.getString(1), rows.getLong(2));
                }
            }
            return null;
        });
        Optional<Instant> oldest = jdbc.prepareStatement("SELECT min(created_at) FROM usage_rollup_pending", statement -> {
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return instant(rows.getTimestamp(1));
            }
        });
        return new ServiceFigures(jobs, oldest);
    }

    @Override
    public TenantFigures tenantFigures(TenantId tenant, Instant now) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(EVENTS, events -> {
            fill(events, tenantId, 6);
            try (ResultSet row = events.executeQuery()) {
                row.next();
                long stored = row.getLong(1);
                Optional<Instant> received = instant(row.getTimestamp(2));
                Optional<Instant> oldest = instant(row.getTimestamp(3));
                Optional<Instant> pending = instant(row.getTimestamp(4));
                return jdbc.prepareStatement(WORK, work -> {
                    work.setLong(1, tenantId);
                    work.setLong(2, tenantId);
                    work.setLong(3, tenantId);
                    work.setTimestamp(4, Timestamp.from(now.minus(Duration.ofDays(7))));
                    work.setLong(5, tenantId);
                    work.setLong(6, tenantId);
                    work.setTimestamp(7, Timestamp.from(now));
                    try (ResultSet counts = work.executeQuery()) {
                        counts.next();
                        return new TenantFigures(stored, received, oldest, pending, counts.getLong(1), counts.getLong(2), counts.getLong(3),
                                failing(FAILING_SCHEDULES, tenantId), failing(FAILING_RULES, tenantId), counts.getLong(4), counts.getLong(5));
                    }
                });
            }
        });
    }

    private List<Failing> failing(String sql, long tenantId) {
        return jdbc.prepareStatement(sql, statement -> {
            statement.setLong(1, tenantId);
            List<Failing> failing = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String name = rows.getString(2);
                    failing.add(new Failing(rows.getObject(1, UUID.class), name == null ? "" : name, rows.getTimestamp(3).toInstant(),
                            rows.getString(4)));
                }
            }
            return failing;
        });
    }

    private static void fill(PreparedStatement statement, long tenantId, int count) throws SQLException {
        for (int i = 1; i <= count; i++) {
            statement.setLong(i, tenantId);
        }
    }

    private static Optional<Instant> instant(Timestamp timestamp) {
        return Optional.ofNullable(timestamp).map(Timestamp::toInstant);
    }
}
