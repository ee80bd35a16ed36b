package io.tally.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.application.port.in.GetTenantQuery;
import io.tally.application.port.in.UpdateTenantSettingsCommand;
import io.tally.domain.access.Actor;
import io.tally.domain.access.CustomerScope;
import io.tally.domain.access.Role;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.tenant.BrandColour;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.tenant.TenantSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TenantServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final InMemoryStores.Tenants tenants = new InMemoryStores.Tenants();
    private final InMemoryStores.AuditLog audit = new InMemoryStores.AuditLog();
    private final InMemoryStores.Transactions transactions = new InMemoryStores.Transactions();
    private final TenantService service = new TenantService(tenants, audit, transactions, Clock.fixed(NOW, ZoneOffset.UTC));
    private final Actor owner = Actor.user(TenantId.of("acme"), "olivia", Set.of(Role.OWNER), CustomerScope.all(), "req-1");

    @Test
    void createsTheTenantWithDefaultsOnFirstUseAndOnlyOnce() {
        var first = service.getTenant(new GetTenantQuery(owner));
        var second = service.getTenant(new GetTenantQuery(owner));

        assertThat(first.settings()).isEqualTo(TenantSettings.defaults());
        assertThat(first.createdAt()).isEqualTo(NOW);
        assertThat(second).isSameAs(first);
        assertThat(tenants.byId).hasSize(1);
    }

    @Test
    void writesChangedSettingsAndAuditsThemInOneTransaction() {
        var berlin = new TenantSettings(TimeZoneId.of("Europe/Berlin"), CurrencyCode.of("EUR"), Optional.of("Acme"), BrandColour.DEFAULT, 400);

        var tenant = service.updateSettings(new UpdateTenantSettingsCommand(owner, berlin));

        assertThat(tenant.settings()).isEqualTo(berlin);
        assertThat(tenants.settingsWrites).isEqualTo(1);
        assertThat(transactions.started).isEqualTo(1);
        assertThat(audit.entries).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("tenant.settings.updated");
            assertThat(entry.actor()).isEqualTo("olivia");
            assertThat(entry.requestId()).isEqualTo("req-1");
            assertThat(entry.target()).isEqualTo("tenant:acme");
            assertThat(entry.occurredAt()).isEqualTo(NOW);
            assertThat(entry.details()).isEqualTo(Map.of("changes", List.of(
                    Map.of("setting", "timezone", "from", "UTC", "to", "Europe/Berlin"),
                    Map.of("setting", "currency", "from", "USD", "to", "EUR"),
                    Map.of("setting", "brand_name", "from", "", "to", "Acme"))));
        });
    }

    @Test
    void otherUseCasesSeeTheTenantFromACacheThatAChangeHereReplacesAtOnce() {
        var cached = service.current(owner.tenant());
        tenants.byId.put(owner.tenant(), Tenant.restore(owner.tenant(),
                new TenantSettings(TimeZoneId.of("Asia/Tokyo"), CurrencyCode.USD, Optional.empty(), BrandColour.DEFAULT, 400), NOW));

        assertThat(service.current(owner.tenant())).as("changed behind the service's back: served from the cache").isSameAs(cached);
        assertThat(service.getTenant(new GetTenantQuery(owner)).settings().timezone().value()).isEqualTo("Asia/Tokyo");

        service.updateSettings(new UpdateTenantSettingsCommand(owner,
                new TenantSettings(TimeZoneId.of("Europe/Berlin"), CurrencyCode.USD, Optional.empty(), BrandColour.DEFAULT, 30)));

        assertThat(service.current(owner.tenant()).settings().lateArrivalDays()).isEqualTo(30);
    }

    @Test
    void theCacheExpiresAfterFiveSeconds() {
        var clock = new MutableClock(NOW);
        var cachedService = new TenantService(tenants, audit, transactions, clock);
        cachedService.current(owner.tenant());
        tenants.byId.put(owner.tenant(), Tenant.restore(owner.tenant(),
                new TenantSettings(TimeZoneId.of("Asia/Tokyo"), CurrencyCode.USD, Optional.empty(), BrandColour.DEFAULT, 400), NOW));

        clock.now = NOW.plusMillis(4_999);
        assertThat(cachedService.current(owner.tenant()).settings().timezone().value()).isEqualTo("UTC");
        clock.now = NOW.plusSeconds(5);
        assertThat(cachedService.current(owner.tenant()).settings().timezone().value()).isEqualTo("Asia/Tokyo");
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void unchangedSettingsWriteNothingAndAuditNothing() {
        service.updateSettings(new UpdateTenantSettingsCommand(owner, TenantSettings.defaults()));

        assertThat(tenants.settingsWrites).isZero();
        assertThat(audit.entries).isEmpty();
    }
}
