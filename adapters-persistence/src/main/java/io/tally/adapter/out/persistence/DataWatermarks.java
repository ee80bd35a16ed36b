package io.tally.adapter.out.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.adapter.out.persistence.replica.ReplicaReads;
import io.tally.application.port.out.DataWatermarkPort;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The tenant's data watermark in {@code tenant_data_version} (V8): one row per tenant, whose version the adapters
 * that change the tenant's data move on in the transaction of the change, as its last statement (the row's lock then
 * only serialises the commits of concurrent changes). A version moves when its change commits, never before: whatever
 * a reader computes after reading version V includes every change committed at V, and a change committed later moves
 * the version on, so nothing cached at V is served after it. Inside a use case's replica read the version is read on
 * the replica ({@link ReplicaReads}), so that it is never newer than what the answers read there hold.
 */
@Singleton
public class DataWatermarks implements DataWatermarkPort {

    private static final String ADVANCE = """
            INSERT INTO tenant_data_version (tenant_id, version, changed_at) VALUES (?, 1, ?)
            ON CONFLICT (tenant_id) DO UPDATE SET version = tenant_data_version.version + 1,
                   changed_at = greatest(tenant_data_version.changed_at, excluded.changed_at)""";
    private static final String ADVANCE_FOR_EVENTS = """
            INSERT INTO tenant_data_version (tenant_id, version, changed_at, events_received_at) VALUES (?, 1, ?, ?)
            ON CONFLICT (tenant_id) DO UPDATE SET version = tenant_data_version.version + 1,
                   changed_at = greatest(tenant_data_version.changed_at, excluded.changed_at),
                   events_received_at = greatest(tenant_data_version.events_received_at, excluded.events_received_at)""";
    private static final String CURRENT = "SELECT version, changed_at FROM tenant_data_version WHERE tenant_id = ?";

    private final JdbcOperations jdbc;
    private final TenantKeys tenants;
    private final Clock clock;
    private final ReplicaReads reads;

    DataWatermarks(JdbcOperations jdbc, TenantKeys tenants, Clock clock, ReplicaReads reads) {
        this.jdbc = jdbc;
        this.reads = reads;
        this.tenants = tenants;
        this.clock = clock;
    }

    @Override
    public Watermark current(TenantId tenant) {
        long tenantId = reads.onPrimary(() -> tenants.require(tenant));
        return reads.connected(() -> jdbc.prepareStatement(CURRENT, statement -> {
            statement.setLong(1, tenantId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? new Watermark(rows.getLong(1), Optional.of(Sql.getInstant(rows, "changed_at"))) : Watermark.NONE;
            }
        }));
    }

    @Override
    public void advance(TenantId tenant) {
        reads.onPrimary(() -> {
            advance(tenants.require(tenant));
            return null;
        });
    }

    /** As {@link #advance(long)}, for stored events received at {@code receivedAt} (the tenant's last event received). */
    public void advanceForEvents(long tenantId, Instant receivedAt) {
        Instant now = clock.instant();
        reads.onPrimary(() -> jdbc.prepareStatement(ADVANCE_FOR_EVENTS, statement -> {
            statement.setLong(1, tenantId);
            Sql.setInstant(statement, 2, now);
            Sql.setInstant(statement, 3, receivedAt);
            return statement.executeUpdate();
        }));
    }

    /** Moves the tenant's watermark on in the current transaction; call it last, after the change it marks. */
    public void advance(long tenantId) {
        Instant now = clock.instant();
        reads.onPrimary(() -> jdbc.prepareStatement(ADVANCE, statement -> {
            statement.setLong(1, tenantId);
            Sql.setInstant(statement, 2, now);
            return statement.executeUpdate();
        }));
    }
}
