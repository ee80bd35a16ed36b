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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Tenants: created on first use, read by everyone of the tenant, changed by owners with an audit trail. */
public final class TenantService implements GetTenantUseCase, UpdateTenantSettingsUseCase {

    static final String SETTINGS_UPDATED = "tenant.settings.updated";

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

    /** The tenant with this id, created with the default settings if it is new. */
    public Tenant current(TenantId id) {
        return tenants.find(id).orElseGet(() -> tenants.createIfAbsent(Tenant.create(id, clock.instant())));
    }

    @Override
    public Tenant getTenant(GetTenantQuery query) {
        return current(query.actor().tenant());
    }

    @Override
    public Tenant updateSettings(UpdateTenantSettingsCommand command) {
        TenantId id = command.actor().tenant();
        return transactions.inTransaction(() -> {
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
