package io.tally.adapter.out.persistence;

import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps a tenant id (the token's claim) to the surrogate {@code tenant_id} every table is keyed by. The
 * mapping never changes once a tenant exists, so it is cached for the life of the process, but only once
 * the transaction that read it commits (it may have created the tenant, and may still roll back).
 */
@Singleton
public final class TenantKeys {

    private final TenantRepository tenants;
    private final AfterCommit afterCommit;
    private final Map<String, Long> ids = new ConcurrentHashMap<>();

    TenantKeys(TenantRepository tenants, AfterCommit afterCommit) {
        this.tenants = tenants;
        this.afterCommit = afterCommit;
    }

    /** The surrogate key of a tenant that must already exist (every use case loads its tenant first). */
    public long require(TenantId tenant) {
        Long id = ids.get(tenant.value());
        if (id != null) {
            return id;
        }
        TenantRow row = tenants.findByTenantKey(tenant.value())
                .orElseThrow(() -> new IllegalStateException("tenant " + tenant.value() + " is used before it was created"));
        remember(row);
        return row.tenantId();
    }

    void remember(TenantRow row) {
        afterCommit.run(() -> ids.put(row.tenantKey(), row.tenantId()));
    }
}
