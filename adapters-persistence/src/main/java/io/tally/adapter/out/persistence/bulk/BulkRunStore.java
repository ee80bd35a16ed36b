package io.tally.adapter.out.persistence.bulk;

import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.application.port.out.bulk.BulkRunStorePort;
import io.tally.domain.bulk.BulkOutcome;
import io.tally.domain.bulk.BulkRun;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What every bulk action's store does alike, on its {@link BulkRunTable}: the records by idempotency key and id, their
 * outcomes, the listing and the revert mark. The adapters add what their action does to customers.
 */
abstract class BulkRunStore<R> implements BulkRunStorePort<R> {

    protected final TenantKeys tenants;
    protected final BulkRunTable<R> table;

    BulkRunStore(TenantKeys tenants, BulkRunTable<R> table) {
        this.tenants = tenants;
        this.table = table;
    }

    /** The record's run: what every bulk action keeps. */
    abstract BulkRun runOf(R record);

    @Override
    public Optional<Stored<R>> findByIdempotencyKey(TenantId tenant, String idempotencyKey) {
        return table.findByIdempotencyKey(tenants.require(tenant), idempotencyKey);
    }

    @Override
    public boolean insert(TenantId tenant, R record, String idempotencyKey, String requestHash) {
        return table.insert(tenants.require(tenant), record, runOf(record), idempotencyKey, requestHash);
    }

    @Override
    public void complete(TenantId tenant, UUID id, List<BulkOutcome> outcomes) {
        table.complete(tenants.require(tenant), id, outcomes);
    }

    @Override
    public Optional<R> find(TenantId tenant, UUID id) {
        return table.find(tenants.require(tenant), id);
    }

    @Override
    public List<BulkOutcome> outcomes(TenantId tenant, UUID id) {
        return table.outcomes(tenants.require(tenant), id);
    }

    @Override
    public List<R> list(TenantId tenant, Optional<UUID> after, int limit) {
        return table.list(tenants.require(tenant), after, limit);
    }

    @Override
    public boolean revert(TenantId tenant, UUID id, String actor, Instant at) {
        return table.revert(tenants.require(tenant), id, actor, at);
    }
}
