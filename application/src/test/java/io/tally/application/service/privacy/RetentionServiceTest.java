package io.tally.application.service.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.application.port.in.privacy.CleanupCommand;
import io.tally.application.port.in.privacy.CleanupReport;
import io.tally.application.port.out.DataWatermarkPort;
import io.tally.application.port.out.privacy.RetentionStorePort;
import io.tally.application.service.InMemoryStores;
import io.tally.domain.access.Actor;
import io.tally.domain.access.CustomerScope;
import io.tally.domain.access.Role;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.tenant.Retention;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.tenant.TenantSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Retention's cutoffs and runs on a recording store. Now is 2027-03-10 12:07:30Z, so 30 days back is 2027-02-08 12:07:30Z. */
class RetentionServiceTest {

    static final Instant NOW = Instant.parse("2027-03-10T12:07:30Z");
    static final TenantId KEEPS = TenantId.of("keeps-everything");
    static final TenantId EXPIRES = TenantId.of("expires-events");

    final Map<TenantId, Tenant> tenants = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    final List<Instant> dropped = new ArrayList<>();
    final List<TenantId> advanced = new ArrayList<>();
    final InMemoryStores.AuditLog audit = new InMemoryStores.AuditLog();

    final RetentionStorePort store = new RetentionStorePort() {
        @Override
        public Counts count(TenantId tenant, Cutoffs cutoffs) {
            calls.add("count " + tenant.value());
            return new Counts(cutoffs.events().isPresent() ? 3 : 0, 0, 0, 1, 0);
        }

        @Override
        public Counts delete(TenantId tenant, Cutoffs cutoffs, int batch) {
            calls.add("delete " + tenant.value() + " in batches of " + batch);
            return new Counts(cutoffs.events().isPresent() ? 3 : 0, 0, 0, 1, 0);
        }

        @Override
        public List<TenantId> tenants() {
            return List.copyOf(tenants.keySet()).stream().sorted((a, b) -> a.value().compareTo(b.value())).toList();
        }

        @Override
        public List<String> dropPartitionsBefore(Instant before) {
            dropped.add(before);
            return List.of();
        }
    };

    final DataWatermarkPort watermarks = new DataWatermarkPort() {
        @Override
        public Watermark current(TenantId tenant) {
            return Watermark.NONE;
        }

        @Override
        public void advance(TenantId tenant) {
            advanced.add(tenant);
        }
    };

    final RetentionService service = new RetentionService(store, tenants::get, watermarks, audit, new InMemoryStores.Transactions(audit),
            Clock.fixed(NOW, ZoneOffset.UTC));

    static TenantSettings settings(Retention retention, int lateArrivalDays) {
        TenantSettings defaults = TenantSettings.defaults();
        return new TenantSettings(defaults.timezone(), defaults.currency(), defaults.brandName(), defaults.brandColour(), lateArrivalDays,
                defaults.locale(), Set.of(), retention);
    }

    void tenant(TenantId id, Retention retention) {
        tenants.put(id, Tenant.restore(id, settings(retention, 400), NOW));
    }

    @Test
    void eventsGoToTheQuarterHourTheirKeysWithThemAndRollupsOnlyWhenNotKept() {
        RetentionStorePort.Cutoffs kept = RetentionService.cutoffs(settings(new Retention(Optional.of(30), 730, 30, true), 400), NOW);
        assertThat(kept.events()).contains(Instant.parse("2027-02-08T12:00:00Z"));
        assertThat(kept.eventKeys()).as("events older than 30 days are refused anyway").contains(Instant.parse("2027-02-08T12:00:00Z"));
        assertThat(kept.rollups()).isEmpty();
        assertThat(kept.audit()).isEqualTo(Instant.parse("2025-03-10T12:07:30Z"));
        assertThat(kept.exports()).isEqualTo(Instant.parse("2027-02-08T12:07:30Z"));

        RetentionStorePort.Cutoffs dropped = RetentionService.cutoffs(settings(new Retention(Optional.of(30), 60, 7, false), 10), NOW);
        assertThat(dropped.rollups()).contains(Instant.parse("2027-02-08T12:00:00Z"));
        assertThat(dropped.eventKeys()).contains(Instant.parse("2027-02-08T12:00:00Z"));

        RetentionStorePort.Cutoffs forever = RetentionService.cutoffs(settings(Retention.DEFAULT, 400), NOW);
        assertThat(forever.events()).isEmpty();
        assertThat(forever.eventKeys()).isEmpty();
        assertThat(forever.rollups()).isEmpty();
    }

    @Test
    void aDryRunCountsAndWritesNothingARunDeletesAndIsAudited() {
        tenant(EXPIRES, new Retention(Optional.of(30), 730, 30, true));
        Actor admin = Actor.user(EXPIRES, "ada", Set.of(Role.ADMIN), CustomerScope.all(), "r1");

        CleanupReport dry = service.cleanup(new CleanupCommand(admin, true));
        assertThat(dry.counts().events()).isEqualTo(3);
        assertThat(audit.entries).isEmpty();
        assertThat(advanced).isEmpty();

        CleanupReport run = service.cleanup(new CleanupCommand(admin, false));
        assertThat(run.counts()).isEqualTo(dry.counts());
        assertThat(calls).containsExactly("count expires-events", "delete expires-events in batches of 10000");
        assertThat(audit.entries).extracting(entry -> entry.action()).containsExactly("retention.cleanup_run");
        assertThat(advanced).as("figures change: dashboards' caches must not serve the old ones").containsExactly(EXPIRES);

        Actor manager = Actor.user(EXPIRES, "mo", Set.of(Role.MANAGER), CustomerScope.all(), "r2");
        assertThatThrownBy(() -> service.cleanup(new CleanupCommand(manager, true))).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void partitionsAreDroppedOnlyWhenEveryTenantExpiresEvents() {
        tenant(EXPIRES, new Retention(Optional.of(30), 730, 30, true));
        tenant(KEEPS, Retention.DEFAULT);
        service.runRetention();
        assertThat(dropped).isEmpty();

        tenant(KEEPS, new Retention(Optional.of(400), 730, 30, true));
        assertThat(service.runRetention()).isEqualTo(3 + 1 + 3 + 1);
        assertThat(dropped).as("the longest retention decides").containsExactly(Instant.parse("2026-02-03T12:00:00Z"));
    }
}
