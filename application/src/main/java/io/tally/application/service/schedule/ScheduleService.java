package io.tally.application.service.schedule;

import io.tally.application.port.in.Page;
import io.tally.application.port.in.report.ExportDownload;
import io.tally.application.port.in.schedule.ChangeScheduleCommand;
import io.tally.application.port.in.schedule.ChangeScheduleUseCase;
import io.tally.application.port.in.schedule.DefineScheduleUseCase;
import io.tally.application.port.in.schedule.DeleteScheduleUseCase;
import io.tally.application.port.in.delivery.DownloadScheduleFileUseCase;
import io.tally.application.port.in.delivery.DownloadSignedFileUseCase;
import io.tally.application.port.in.schedule.GetScheduleUseCase;
import io.tally.application.port.in.schedule.ListScheduleRunsQuery;
import io.tally.application.port.in.schedule.ListScheduleRunsUseCase;
import io.tally.application.port.in.schedule.ListSchedulesQuery;
import io.tally.application.port.in.schedule.ListSchedulesUseCase;
import io.tally.application.port.in.schedule.PauseScheduleUseCase;
import io.tally.application.port.in.schedule.PreviewScheduleRunsQuery;
import io.tally.application.port.in.schedule.PreviewScheduleRunsUseCase;
import io.tally.application.port.in.schedule.ResumeScheduleUseCase;
import io.tally.application.port.in.delivery.RotateWebhookSecretCommand;
import io.tally.application.port.in.delivery.RotateWebhookSecretUseCase;
import io.tally.application.port.in.schedule.RunScheduleNowUseCase;
import io.tally.application.port.in.schedule.ScheduleCommand;
import io.tally.application.port.in.delivery.ScheduleFileQuery;
import io.tally.application.port.in.schedule.ScheduleIdCommand;
import io.tally.application.port.in.schedule.ScheduleIdQuery;
import io.tally.application.port.in.schedule.ScheduleView;
import io.tally.application.port.in.delivery.SignedFileQuery;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.delivery.DownloadLinkPort;
import io.tally.application.port.out.schedule.ScheduleJobsPort;
import io.tally.application.port.out.schedule.ScheduleStorePort;
import io.tally.application.port.out.TenantStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.service.delivery.ChannelChecks;
import io.tally.application.service.report.ReportExports;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.GoneException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.schedule.Schedule;
import io.tally.domain.schedule.ScheduleDefinition;
import io.tally.domain.schedule.ScheduleFile;
import io.tally.domain.schedule.ScheduleRun;
import io.tally.domain.schedule.ScheduleTarget;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Schedules as managers define them: checked when saved (the report and its parameters as an async export is checked, an
 * e-mail channel only when SMTP is configured, a webhook only to a target that may be called and once the tenant has a
 * signing secret), armed on the job runner at their next fire time, paused, resumed, run now, deleted; every change
 * audited. Analysts and above read schedules and their runs; a run's files go to those who may see the report.
 */
public final class ScheduleService implements DefineScheduleUseCase, ChangeScheduleUseCase, DeleteScheduleUseCase, GetScheduleUseCase,
        ListSchedulesUseCase, PauseScheduleUseCase, ResumeScheduleUseCase, RunScheduleNowUseCase, ListScheduleRunsUseCase,
        DownloadScheduleFileUseCase, DownloadSignedFileUseCase, RotateWebhookSecretUseCase, PreviewScheduleRunsUseCase {

    /** The prefix of a webhook signing secret, as the Standard Webhooks spec writes it. */
    public static final String SECRET_PREFIX = "whsec_";

    private final ScheduleStorePort store;
    private final ScheduleJobsPort jobs;
    private final ScheduledReports reports;
    private final ChannelChecks channels;
    private final DownloadLinkPort links;
    private final TenantStorePort tenantStore;
    private final Function<TenantId, Tenant> tenants;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Supplier<UUID> ids;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    /** @param tenants the caller's tenant, made on first use */
    public ScheduleService(ScheduleStorePort store, ScheduleJobsPort jobs, ScheduledReports reports, ChannelChecks channels,
                           DownloadLinkPort links, TenantStorePort tenantStore, Function<TenantId, Tenant> tenants,
                           AuditLogPort audit, TransactionPort transactions, Supplier<UUID> ids, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.channels = Objects.requireNonNull(channels, "channels");
        this.links = Objects.requireNonNull(links, "links");
        this.tenantStore = Objects.requireNonNull(tenantStore, "tenantStore");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ScheduleView defineSchedule(ScheduleCommand command) {
        Actor actor = command.actor();
        requireManager(actor);
        tenants.apply(actor.tenant());
        ScheduleDefinition definition = command.definition();
        check(actor, definition);
        Instant now = clock.instant();
        Schedule schedule = Schedule.create(ids.get(), definition, actor.subject(), now);
        transactions.inTransaction(() -> {
            store.create(actor.tenant(), schedule);
            audit.append(AuditEntry.of(actor, now, "schedule.created", target(schedule), details(schedule)));
            return null;
        });
        return armed(actor.tenant(), schedule, now);
    }

    @Override
    public ScheduleView changeSchedule(ChangeScheduleCommand command) {
        Actor actor = command.actor();
        requireManager(actor);
        tenants.apply(actor.tenant());
        check(actor, command.definition());
        Instant now = clock.instant();
        Schedule changed = transactions.inTransaction(() -> {
            Schedule existing = store.findForUpdate(actor.tenant(), command.id()).orElseThrow(() -> notFound(command.id()));
            Schedule next = existing.change(command.definition(), actor.subject(), now);
            store.update(actor.tenant(), next);
            Map<String, Object> details = details(next);
            details.put("version", next.version());
            audit.append(AuditEntry.of(actor, now, "schedule.changed", target(next), details));
            return next;
        });
        return armed(actor.tenant(), changed, now);
    }

    @Override
    public void deleteSchedule(ScheduleIdCommand command) {
        Actor actor = command.actor();
        requireManager(actor);
        tenants.apply(actor.tenant());
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            Schedule existing = store.findForUpdate(actor.tenant(), command.id()).orElseThrow(() -> notFound(command.id()));
            store.delete(actor.tenant(), command.id());
            audit.append(AuditEntry.of(actor, now, "schedule.deleted", target(existing), details(existing)));
            return null;
        });
        jobs.disarm(command.id());
    }

    @Override
    public ScheduleView getSchedule(ScheduleIdQuery query) {
        requireReader(query.actor());
        tenants.apply(query.actor().tenant());
        Schedule schedule = store.find(query.actor().tenant(), query.id()).orElseThrow(() -> notFound(query.id()));
        return view(schedule, clock.instant());
    }

    @Override
    public List<Instant> previewScheduleRuns(PreviewScheduleRunsQuery query) {
        requireReader(query.actor());
        tenants.apply(query.actor().tenant());
        return query.timing().nextRuns(clock.instant(), query.count());
    }

    @Override
    public Page<ScheduleView> listSchedules(ListSchedulesQuery query) {
        requireReader(query.actor());
        tenants.apply(query.actor().tenant());
        Instant now = clock.instant();
        Page<Schedule> page = Page.fromLookahead(store.list(query.actor().tenant(), query.after(), query.limit()), query.limit());
        return new Page<>(page.items().stream().map(schedule -> view(schedule, now)).toList(), page.hasMore());
    }

    @Override
    public ScheduleView pauseSchedule(ScheduleIdCommand command) {
        return setEnabled(command, false);
    }

    @Override
    public ScheduleView resumeSchedule(ScheduleIdCommand command) {
        return setEnabled(command, true);
    }

    private ScheduleView setEnabled(ScheduleIdCommand command, boolean enabled) {
        Actor actor = command.actor();
        requireManager(actor);
        tenants.apply(actor.tenant());
        Instant now = clock.instant();
        Schedule result = transactions.inTransaction(() -> {
            Schedule existing = store.findForUpdate(actor.tenant(), command.id()).orElseThrow(() -> notFound(command.id()));
            if (existing.definition().enabled() == enabled) {
                return existing;
            }
            Schedule next = existing.change(existing.definition().withEnabled(enabled), actor.subject(), now);
            store.update(actor.tenant(), next);
            audit.append(AuditEntry.of(actor, now, enabled ? "schedule.resumed" : "schedule.paused", target(next),
                    Map.of("name", next.definition().name(), "version", next.version())));
            return next;
        });
        return armed(actor.tenant(), result, now);
    }

    @Override
    public ScheduleRun runScheduleNow(ScheduleIdCommand command) {
        Actor actor = command.actor();
        requireManager(actor);
        tenants.apply(actor.tenant());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ScheduleRun run = transactions.inTransaction(() -> {
            Schedule schedule = store.find(actor.tenant(), command.id()).orElseThrow(() -> notFound(command.id()));
            ScheduleRun created = store.createRunIfAbsent(actor.tenant(), ScheduleRun.queued(ids.get(), schedule.id(), now, ScheduleRun.Trigger.MANUAL, now));
            audit.append(AuditEntry.of(actor, now, "schedule.run_requested", target(schedule), Map.of("name", schedule.definition().name(),
                    "run", created.id().toString())));
            return created;
        });
        jobs.queueRun(actor.tenant(), run.id());
        return run;
    }

    @Override
    public Page<ScheduleRun> listScheduleRuns(ListScheduleRunsQuery query) {
        requireReader(query.actor());
        tenants.apply(query.actor().tenant());
        store.find(query.actor().tenant(), query.schedule()).orElseThrow(() -> notFound(query.schedule()));
        return Page.fromLookahead(store.listRuns(query.actor().tenant(), query.schedule(), query.before(), query.limit()), query.limit());
    }

    @Override
    public ExportDownload downloadScheduleFile(ScheduleFileQuery query) {
        Actor actor = query.actor();
        tenants.apply(actor.tenant());
        Schedule schedule = store.find(actor.tenant(), query.schedule()).orElseThrow(() -> notFound(query.schedule()));
        try {
            ReportExports.requireMayExport(actor, customerOf(schedule.definition().target()));
        } catch (NotFoundException outOfScope) {
            throw notFound(query.schedule());
        }
        ScheduleRun run = store.findRun(actor.tenant(), query.run()).filter(found -> found.scheduleId().equals(schedule.id()))
                .orElseThrow(() -> new NotFoundException("run", query.run().toString()));
        ScheduleFile file = run.files().stream().filter(found -> found.format() == query.format()).findFirst()
                .orElseThrow(() -> new NotFoundException("file", query.format().wireName() + " of run " + run.id()));
        return open(actor.tenant(), file);
    }

    @Override
    public ExportDownload downloadSignedFile(SignedFileQuery query) {
        TenantId tenant = TenantId.of(query.tenant());
        if (!links.verify(tenant, query.file(), query.expires(), query.signature())) {
            throw new NotFoundException("file", query.file().toString());
        }
        Instant now = clock.instant();
        if (Instant.ofEpochSecond(query.expires()).isBefore(now)) {
            throw new GoneException("this download link expired at " + Instant.ofEpochSecond(query.expires())
                    + "; the run's files can be downloaded with a token from GET /api/v1/schedules/{id}/runs");
        }
        ScheduleFile file = store.findFile(tenant, query.file()).orElseThrow(() -> new NotFoundException("file", query.file().toString()));
        return open(tenant, file);
    }

    private ExportDownload open(TenantId tenant, ScheduleFile file) {
        if (file.isExpired(clock.instant())) {
            throw new GoneException("the file " + file.fileName().name() + " expired at " + file.expiresAt()
                    + "; a schedule keeps its files for its retention_days");
        }
        return new ExportDownload(file.fileName(), file.format(), file.bytes(), store.openFile(tenant, file.id()));
    }

    @Override
    public String rotateWebhookSecret(RotateWebhookSecretCommand command) {
        Actor actor = command.actor();
        actor.requireRole(Role.OWNER, "the webhook signing secret is the owner's to make and rotate");
        tenants.apply(actor.tenant());
        byte[] key = new byte[32];
        random.nextBytes(key);
        String secret = SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            boolean replaced = tenantStore.webhookSecret(actor.tenant()).isPresent();
            tenantStore.saveWebhookSecret(actor.tenant(), secret);
            audit.append(AuditEntry.of(actor, now, replaced ? "tenant.webhook_secret_rotated" : "tenant.webhook_secret_created",
                    actor.tenant().value(), Map.of()));
            return null;
        });
        return secret;
    }

    /**
     * What a schedule asks for, checked as if it ran now: its report (each format) for the asking manager, its channels.
     * Problems name their field: {@code params.customer}, {@code channels[1].url}.
     */
    private void check(Actor actor, ScheduleDefinition definition) {
        Instant now = clock.instant();
        for (ExportFormat format : definition.formats()) {
            reports.check(actor, definition.target(), format, now);
        }
        channels.check(actor.tenant(), definition.channels());
    }

    /** The schedule armed at its next fire time after now, or disarmed while paused; and shown with its next fire times. */
    private ScheduleView armed(TenantId tenant, Schedule schedule, Instant now) {
        ScheduleView view = view(schedule, now);
        if (view.nextRuns().isEmpty()) {
            jobs.disarm(schedule.id());
        } else {
            jobs.arm(tenant, schedule.id(), view.nextRuns().getFirst());
        }
        return view;
    }

    private static ScheduleView view(Schedule schedule, Instant now) {
        ScheduleDefinition definition = schedule.definition();
        return new ScheduleView(schedule, definition.enabled()
                ? definition.timing().nextRuns(now, ScheduleView.NEXT_RUNS) : List.of());
    }

    static Optional<CustomerId> customerOf(ScheduleTarget target) {
        return target instanceof ScheduleTarget.Template template ? template.customer() : Optional.empty();
    }

    private static String target(Schedule schedule) {
        return "schedule:" + schedule.id();
    }

    private static Map<String, Object> details(Schedule schedule) {
        Map<String, Object> details = new LinkedHashMap<>(schedule.definition().json());
        details.remove("params");
        return details;
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("schedule", id.toString());
    }

    /** Managers and above define and change schedules, with a token not limited to customers. */
    private static void requireManager(Actor actor) {
        actor.requireRole(Role.MANAGER, "schedules are defined and changed by managers and above");
        if (actor.customers().isRestricted()) {
            throw new ForbiddenException("schedules run for the whole tenant: they need a token that is not limited to customers");
        }
    }

    /** Analysts and above see schedules and their runs. */
    private static void requireReader(Actor actor) {
        actor.requireRole(Role.ANALYST, "schedules are seen by analysts and above");
        if (actor.customers().isRestricted()) {
            throw new ForbiddenException("schedules run for the whole tenant: they need a token that is not limited to customers");
        }
    }
}
