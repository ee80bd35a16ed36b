package io.tally.application.service;

import io.tally.application.port.in.GetTenantQuery;
import io.tally.application.port.in.GetTenantUseCase;
import io.tally.application.port.in.UpdateTenantSettingsCommand;
import io.tally.application.port.in.UpdateTenantSettingsUseCase;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.TenantStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.tenant.SettingChange;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenants: created on first use, read by everyone of the tenant, changed by owners with an audit trail.
 *
 * <p>Other use cases ask for the caller's tenant on every request (to create it on first use, and for its
 * timezone and late-arrival window); {@link #current} answers from a cache that is at most
 * {@link #CACHE_TTL} old. A change made here replaces the cached tenant at once; one made on another node
 * is seen within the TTL. Reading the tenant itself ({@link #getTenant}) always reads the store.
 */
public final class TenantService implements GetTenantUseCase, UpdateTenantSettingsUseCase {

    static final String SETTINGS_UPDATED = "tenant.settings.updated";
    static final Duration CACHE_TTL = Duration.ofSeconds(5);

    private record Cached(Tenant tenant, Instant loadedAt) {
    }

    private final Map<TenantId, Cached> cache = new ConcurrentHashMap<>();

    private final TenantStorePort tenants;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Clock clock;

    public TenantService(TenantStorePort tenants, AuditLogPort audit, TransactionPort transactions, Clock clock) {
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The tenant with this id, created with the default settings if it is new; at most {@link #CACHE_TTL} old. */
    public Tenant current(TenantId id) {
        Instant now = clock.instant();
        Cached cached = cache.get(id);
        if (cached != null && cached.loadedAt().plus(CACHE_TTL).isAfter(now)) {
            return cached.tenant();
        }
        return load(id);
    }

    @Override
    public Tenant getTenant(GetTenantQuery query) {
        return load(query.actor().tenant());
    }

    private Tenant load(TenantId id) {
        Tenant tenant = tenants.find(id).orElseGet(() -> tenants.createIfAbsent(Tenant.create(id, clock.instant())));
        cache.put(id, new Cached(tenant, clock.instant()));
        return tenant;
    }

    @Override
    public Tenant updateSettings(UpdateTenantSettingsCommand command) {
        TenantId id = command.actor().tenant();
        Tenant updated = transactions.inTransaction(() -> {
            Tenant tenant = tenants.findForUpdate(id).orElseGet(() -> {
                tenants.createIfAbsent(Tenant.create(id, clock.instant()));
                return tenants.findForUpdate(id).orElseThrow();
            });
            List<SettingChange> changes = tenant.changeSettings(command.settings());
            if (!changes.isEmpty()) {
                tenants.saveSettings(tenant);
                audit.append(AuditEntry.of(command.actor(), clock.instant(), SETTINGS_UPDATED,
                        "tenant:" + tenant.id().value(), Map.of("changes", describe(changes))));
            }
            return tenant;
        });
        cache.put(id, new Cached(updated, clock.instant()));
        return updated;
    }

    private static List<Map<String, Object>> describe(List<SettingChange> changes) {
        return changes.stream().map(change -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("setting", change.setting());
            entry.put("from", change.from());
            entry.put("to", change.to());
            return entry;
        }).toList();
    }
}
