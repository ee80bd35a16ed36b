package io.tally.adapter.out.persistence.privacy;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import io.tally.adapter.out.persistence.Sql;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.adapter.out.persistence.analytics.UsageRollupFolder;
import io.tally.application.port.out.privacy.RetentionStorePort;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Retention on PostgreSQL: each kind of row counted or deleted by its time, per tenant, in batches (a subselect of at most
 * the batch's rows, each batch its own transaction, so a large backlog never holds long locks). Audit entries may be
 * deleted only in a transaction that sets {@code tally.audit_retention} (V15). Rollups are deleted after the pending deltas
 * are folded, so no delta of a deleted slot comes back. Monthly partitions are dropped whole.
 */
@Connectable
@Singleton
class RetentionPersistenceAdapter implements RetentionStorePort {

    private static final Pattern MONTH = Pattern.compile("usage_event_(\\d{4})_(\\d{2})");

    private static final String EVENTS = "FROM usage_event WHERE tenant_id = ? AND occurred_at < ?";
    private static final String KEYS = "FROM usage_event_key WHERE tenant_id = ? AND occurred_at < ?";
    private static final String ROLLUPS = "FROM usage_rollup WHERE tenant_id = ? AND slot < ?";
    private static final String AUDIT = "FROM audit_entry WHERE tenant_id = ? AND occurred_at < ?";
    private static final String EXPORTS = "FROM export_job WHERE tenant_id = ? AND created_at < ? AND status NOT IN ('queued', 'running')";

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final TenantKeys tenants;
    private final UsageRollupFolder folder;

    RetentionPersistenceAdapter(JdbcOperations jdbc, TransactionOperations<Connection> transactions, TenantKeys tenants, UsageRollupFolder folder) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tenants = tenants;
        this.folder = folder;
    }

    @Override
    public Counts count(TenantId tenant, Cutoffs cutoffs) {
        long tenantId = tenants.require(tenant);
        if (cutoffs.rollups().isPresent()) {
            folder.foldTenant(tenantId);
        }
        return new Counts(count(EVENTS, tenantId, cutoffs.events()), count(KEYS, tenantId, cutoffs.eventKeys()),
                count(ROLLUPS, tenantId, cutoffs.rollups()), count(AUDIT, tenantId, Optional.of(cutoffs.audit())),
                count(EXPORTS, tenantId, Optional.of(cutoffs.exports())));
    }

    @Override
    public Counts delete(TenantId tenant, Cutoffs cutoffs, int batch) {
        long tenantId = tenants.require(tenant);
        long events = delete("DELETE FROM usage_event WHERE (tableoid, ctid) IN (SELECT tableoid, ctid " + EVENTS + " LIMIT ?)", tenantId,
                cutoffs.events(), batch, false);
        long keys = delete("DELETE FROM usage_event_key WHERE (tenant_id, source, event_id) IN (SELECT tenant_id, source, event_id " + KEYS
                + " LIMIT ?)", tenantId, cutoffs.eventKeys(), batch, false);
        if (cutoffs.rollups().isPresent()) {
            folder.foldTenant(tenantId);
        }
        long rollups = delete("DELETE FROM usage_rollup WHERE (tenant_id, type, measure, slot) IN (SELECT tenant_id, type, measure, slot " + ROLLUPS
                + " LIMIT ?)", tenantId, cutoffs.rollups(), batch, false);
        long audit = delete("DELETE FROM audit_entry WHERE (tenant_id, audit_id) IN (SELECT tenant_id, audit_id " + AUDIT + " LIMIT ?)", tenantId,
                Optional.of(cutoffs.audit()), batch, true);
        long exports = delete("DELETE FROM export_job WHERE (tenant_id, job_id) IN (SELECT tenant_id, job_id " + EXPORTS + " LIMIT ?)", tenantId,
                Optional.of(cutoffs.exports()), batch, false);
        return new Counts(events, keys, rollups, audit, exports);
    }

    private long count(String from, long tenantId, Optional<Instant> before) {
        if (before.isEmpty()) {
            return 0;
        }
        return jdbc.prepareStatement("SELECT count(*) " + from, statement -> {
            statement.setLong(1, tenantId);
            Sql.setInstant(statement, 2, before.get());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    private long delete(String sql, long tenantId, Optional<Instant> before, int batch, boolean audit) {
        if (before.isEmpty()) {
            return 0;
        }
        long total = 0;
        while (true) {
            int deleted = transactions.executeWrite(status -> {
                if (audit) {
                    jdbc.prepareStatement("SET LOCAL tally.audit_retention = 'on'", statement -> statement.execute());
                }
                return jdbc.prepareStatement(sql, statement -> {
                    statement.setLong(1, tenantId);
                    Sql.setInstant(statement, 2, before.get());
                    statement.setInt(3, batch);
                    return statement.executeUpdate();
                });
            });
            total += deleted;
            if (deleted < batch) {
                return total;
            }
        }
    }

    @Override
    public List<TenantId> tenants() {
        return jdbc.prepareStatement("SELECT tenant_key FROM tenant ORDER BY tenant_id", statement -> {
            List<TenantId> found = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(TenantId.of(rows.getString(1)));
                }
            }
            return found;
        });
    }

    @Override
    public List<String> dropPartitionsBefore(Instant before) {
        List<String> months = jdbc.prepareStatement("""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                 WHERE i.inhparent = 'usage_event'::regclass ORDER BY c.relname""", statement -> {
            List<String> names = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        });
        List<String> dropped = new ArrayList<>();
        for (String name : months) {
            Matcher month = MONTH.matcher(name);
            if (!month.matches()) {
                continue;
            }
            Instant end = YearMonth.of(Integer.parseInt(month.group(1)), Integer.parseInt(month.group(2))).plusMonths(1).atDay(1)
                    .atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!end.isAfter(before)) {
                transactions.executeWrite(status -> jdbc.prepareStatement("DROP TABLE IF EXISTS " + name, statement -> statement.execute()));
                dropped.add(name);
            }
        }
        return dropped;
    }
}
