package io.tally.application.service.privacy;

import io.tally.application.port.in.privacy.CleanupCommand;
import io.tally.application.port.in.privacy.CleanupReport;
import io.tally.application.port.in.privacy.CleanupUseCase;
import io.tally.application.port.in.privacy.RunRetentionUseCase;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.DataWatermarkPort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.port.out.privacy.RetentionStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.tenant.Retention;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.tenant.TenantSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Retention: per tenant, usage events older than {@code events_days} (to the quarter hour, so that a rollup slot is
 * either wholly kept or wholly gone), their dedup keys once past the late-arrival window too (a resend of a deleted event
 * inside the window is still a duplicate), the rollups of deleted events unless {@code keep_rollups}, audit entries older
 * than {@code audit_days}, and async export jobs and their files older than {@code exports_days}. The daily job cleans
 * every tenant, then drops the monthly partitions that every tenant's retention has passed; an admin runs the tenant's
 * now, or a dry run that counts the same rows and deletes nothing.
 */
public final class RetentionService implements CleanupUseCase, RunRetentionUseCase {

    static final int BATCH = 10_000;
    private static final Duration SLOT = Duration.ofMinutes(15);

    private final RetentionStorePort store;
    private final Function<TenantId, Tenant> tenants;
    private final DataWatermarkPort watermarks;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Clock clock;

    public RetentionService(RetentionStorePort store, Function<TenantId, Tenant> tenants, DataWatermarkPort watermarks, AuditLogPort audit,
                            TransactionPort transactions, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.watermarks = Objects.requireNonNull(watermarks, "watermarks");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What goes at {@code now} under the tenant's settings. */
    static RetentionStorePort.Cutoffs cutoffs(TenantSettings settings, Instant now) {
        Retention retention = settings.retention();
        Retention.Cutoffs cut = retention.cutoffs(now);
        Optional<Instant> events = cut.events().map(RetentionService::slot);
        Optional<Instant> keys = events.map(at -> earliest(at, now.minus(Duration.ofDays(settings.arrivalWindow().lateArrivalDays()))));
        Optional<Instant> rollups = retention.keepRollups() ? Optional.empty() : events;
        return new RetentionStorePort.Cutoffs(events, keys, rollups, cut.audit(), cut.exports());
    }

    @Override
    public CleanupReport cleanup(CleanupCommand command) {
        Actor actor = command.actor();
        actor.requireRole(Role.ADMIN, "the retention cleanup is run by admins and above");
        if (actor.customers().isRestricted()) {
            throw new ForbiddenException("the retention cleanup concerns the whole tenant: it needs a token that is not limited to customers");
        }
        Tenant tenant = tenants.apply(actor.tenant());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        CleanupReport report = clean(tenant, now, command.dryRun());
        if (!command.dryRun()) {
            transactions.inTransaction(() -> {
                audit.append(AuditEntry.of(actor, now, "retention.cleanup_run", actor.tenant().value(), details(report)));
                return null;
            });
        }
        return report;
    }

    @Override
    public long runRetention() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long deleted = 0;
        List<Instant> eventCutoffs = new ArrayList<>();
        boolean everyTenantExpires = true;
        for (TenantId id : store.tenants()) {
            Tenant tenant = tenants.apply(id);
            CleanupReport report = clean(tenant, now, false);
            RetentionStorePort.Counts counts = report.counts();
            long total = counts.events() + counts.eventKeys() + counts.rollups() + counts.auditEntries() + counts.exportJobs();
            if (total > 0) {
                transactions.inTransaction(() -> {
                    audit.append(new AuditEntry(id, now, "retention", "retention.cleanup_run", id.value(), details(report), "retention-" + now));
                    return null;
                });
            }
            deleted += total;
            if (report.cutoffs().events().isEmpty()) {
                everyTenantExpires = false;
            } else {
                eventCutoffs.add(report.cutoffs().events().get());
            }
        }
        if (everyTenantExpires && !eventCutoffs.isEmpty()) {
            store.dropPartitionsBefore(eventCutoffs.stream().min(Instant::compareTo).orElseThrow());
        }
        return deleted;
    }

    private CleanupReport clean(Tenant tenant, Instant now, boolean dryRun) {
        RetentionStorePort.Cutoffs cutoffs = cutoffs(tenant.settings(), now);
        RetentionStorePort.Counts counts = dryRun ? store.count(tenant.id(), cutoffs) : store.delete(tenant.id(), cutoffs, BATCH);
        if (!dryRun && counts.events() + counts.rollups() > 0) {
            watermarks.advance(tenant.id());
        }
        return new CleanupReport(dryRun, now, tenant.settings().retention(), cutoffs, counts);
    }

    private static Map<String, Object> details(CleanupReport report) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("events", report.counts().events());
        details.put("event_keys", report.counts().eventKeys());
        details.put("rollups", report.counts().rollups());
        details.put("audit_entries", report.counts().auditEntries());
        details.put("export_jobs", report.counts().exportJobs());
        report.cutoffs().events().ifPresent(at -> details.put("events_before", at.toString()));
        details.put("audit_before", report.cutoffs().audit().toString());
        details.put("exports_before", report.cutoffs().exports().toString());
        return details;
    }

    /** The start of the quarter hour holding {@code at}. */
    static Instant slot(Instant at) {
        long seconds = SLOT.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
