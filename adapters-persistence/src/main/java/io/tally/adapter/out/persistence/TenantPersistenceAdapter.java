package io.tally.adapter.out.persistence;

import io.tally.application.port.out.TenantStorePort;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.tenant.BrandColour;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.tenant.Retention;
import io.tally.domain.tenant.TenantSettings;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

@Singleton
final class TenantPersistenceAdapter implements TenantStorePort {

    private final TenantRepository tenants;
    private final TenantKeys keys;
    private final Clock clock;

    TenantPersistenceAdapter(TenantRepository tenants, TenantKeys keys, Clock clock) {
        this.tenants = tenants;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Optional<Tenant> find(TenantId id) {
        return tenants.findByTenantKey(id.value()).map(this::toDomain);
    }

    @Override
    public Optional<Tenant> findForUpdate(TenantId id) {
        return tenants.findByTenantKeyForUpdate(id.value()).map(this::toDomain);
    }

    @Override
    public Tenant createIfAbsent(Tenant candidate) {
        TenantSettings settings = candidate.settings();
        tenants.insertIfAbsent(candidate.id().value(), settings.timezone().value(), settings.currency().value(),
                settings.brandName().orElse(null), settings.brandColour().value(), settings.lateArrivalDays(), settings.locale().toLanguageTag(),
                candidate.createdAt());
        return find(candidate.id()).orElseThrow(() -> new IllegalStateException("tenant " + candidate.id() + " vanished"));
    }

    @Override
    public void saveSettings(Tenant tenant) {
        TenantSettings settings = tenant.settings();
        tenants.updateSettings(keys.require(tenant.id()), settings.timezone().value(), settings.currency().value(),
                settings.brandName().orElse(null), settings.brandColour().value(), settings.lateArrivalDays(), settings.locale().toLanguageTag(),
                String.join(",", settings.consentRequired()), settings.retention().eventsDays().orElse(null), settings.retention().auditDays(),
                settings.retention().exportsDays(), settings.retention().keepRollups(), String.join(",", settings.personalDimensions()),
                clock.instant());
    }

    @Override
    public Optional<String> webhookSecret(TenantId id) {
        return tenants.findByTenantKey(id.value()).map(TenantRow::webhookSecret);
    }

    @Override
    public void saveWebhookSecret(TenantId id, String secret) {
        tenants.updateWebhookSecret(keys.require(id), secret, clock.instant());
    }

    private Tenant toDomain(TenantRow row) {
        keys.remember(row);
        TenantSettings settings = new TenantSettings(TimeZoneId.of(row.timezone()), CurrencyCode.of(row.currency()),
                Optional.ofNullable(row.brandName()), BrandColour.of(row.brandColour()), row.lateArrivalDays(),
                TenantSettings.parseLocale(row.locale()), row.consentRequired().isEmpty() ? Set.of()
                        : new LinkedHashSet<>(Arrays.asList(row.consentRequired().split(","))),
                new Retention(Optional.ofNullable(row.retentionEventsDays()), row.retentionAuditDays(), row.retentionExportsDays(),
                        row.retentionKeepRollups()),
                row.personalDimensions().isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(row.personalDimensions().split(","))));
        return Tenant.restore(TenantId.of(row.tenantKey()), settings, row.createdAt());
    }
}
