package io.tally.application.service.report;

import io.tally.application.port.in.report.DownloadExportUseCase;
import io.tally.application.port.in.report.ExportCommand;
import io.tally.application.port.in.report.ExportDownload;
import io.tally.application.port.in.report.ExportJobQuery;
import io.tally.application.port.in.report.ExportReceipt;
import io.tally.application.port.in.report.GetExportJobUseCase;
import io.tally.application.port.in.report.PreparedExport;
import io.tally.application.port.in.report.RunExportJobsUseCase;
import io.tally.application.port.in.report.StartExportUseCase;
import io.tally.application.port.out.ExportJobStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.common.ConflictException;
import io.tally.domain.common.DomainException;
import io.tally.domain.common.GoneException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.report.ExportJob;
import io.tally.domain.report.ExportRequest;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Async exports: queued after the checks a synchronous export gets, run by whichever node claims them, kept
 * where every node can serve them, and deleted once they expire. A job runs as the actor who asked for it;
 * its file goes only to callers who could have run the same export themselves.
 */
public final class ExportJobService implements StartExportUseCase, GetExportJobUseCase, DownloadExportUseCase, RunExportJobsUseCase {

    /** How long a finished export's file is kept. */
    public static final Duration RETENTION = Duration.ofHours(24);
    /**
     * By default, a running job whose claim is older than this is taken to be orphaned (its node stopped) and is run
     * again. A running job renews its claim with every 1 MiB chunk it writes.
     */
    public static final Duration STALE_AFTER = Duration.ofMinutes(2);
    /** Attempts before a job that keeps failing on unexpected errors is given up. */
    public static final int MAX_ATTEMPTS = 3;

    private final ReportService reports;
    private final ExportJobStorePort jobs;
    private final Function<TenantId, Tenant> tenants;
    private final Supplier<UUID> ids;
    private final Duration staleAfter;
    private final Clock clock;

    /** @param tenants the caller's tenant, made on first use */
    public ExportJobService(ReportService reports, ExportJobStorePort jobs, Function<TenantId, Tenant> tenants, Supplier<UUID> ids, Clock clock) {
        this(reports, jobs, tenants, ids, STALE_AFTER, clock);
    }

    /** @param staleAfter how old a running job's claim may be before another node takes the job over */
    public ExportJobService(ReportService reports, ExportJobStorePort jobs, Function<TenantId, Tenant> tenants, Supplier<UUID> ids,
                            Duration staleAfter, Clock clock) {
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("the claim timeout must be positive: " + staleAfter);
        }
        this.staleAfter = staleAfter;
        this.reports = Objects.requireNonNull(reports, "reports");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ExportJob startExport(ExportCommand command) {
        Actor actor = command.actor();
        ExportRequest request = command.request();
        Instant now = clock.instant();
        // the template, its customer, parameters and period are checked now, so a bad one is a 4xx rather than a failed job
        reports.check(actor, request, now);
        ExportJob job = ExportJob.queued(ids.get(), actor, request, now);
        jobs.create(job);
        return job;
    }

    @Override
    public ExportJob getExportJob(ExportJobQuery query) {
        return visible(query);
    }

    @Override
    public ExportDownload downloadExport(ExportJobQuery query) {
        ExportJob job = visible(query);
        return switch (job.status()) {
            case SUCCEEDED -> new ExportDownload(job.fileName().orElseThrow(), job.request().format(), job.bytes().orElseThrow(),
                    jobs.openFile(job.requester().tenant(), job.id()));
            case EXPIRED -> throw new GoneException("export " + job.id() + " expired at " + job.expiresAt().orElseThrow()
                    + "; files are kept for 24 hours: start it again");
            case FAILED -> throw new ConflictException("export " + job.id() + " failed: " + job.error().orElse("unknown error"));
            case QUEUED, RUNNING -> throw new ConflictException("export " + job.id() + " is " + job.status().wireName()
                    + "; poll GET /api/v1/exports/" + job.id() + " until it has succeeded");
        };
    }

    @Override
    public boolean runNextExportJob() {
        Instant now = clock.instant();
        Optional<ExportJob> claimed = jobs.claimNext(now, now.minus(staleAfter));
        if (claimed.isEmpty()) {
            return false;
        }
        ExportJob job = claimed.get();
        try {
            PreparedExport export = reports.prepare(job.requester(), job.request(), Optional.of(job.id()));
            ExportReceipt receipt;
            try (OutputStream file = jobs.fileWriter(job.requester().tenant(), job.id())) {
                receipt = export.writeTo(file);
            }
            Instant finished = clock.instant();
            jobs.succeed(job.requester().tenant(), job.id(), receipt.rows(), receipt.bytes(), export.fileName(), finished, finished.plus(RETENTION));
        } catch (DomainException refused) {
            // what the requester may see or the data changed since: running it again gives the same answer
            jobs.fail(job.requester().tenant(), job.id(), refused.getMessage(), clock.instant());
        } catch (Exception | OutOfMemoryError unexpected) {
            String error = unexpected.getClass().getSimpleName() + (unexpected.getMessage() == null ? "" : ": " + unexpected.getMessage());
            if (job.attempts() >= MAX_ATTEMPTS) {
                jobs.fail(job.requester().tenant(), job.id(), "gave up after " + job.attempts() + " attempts; last error: " + error, clock.instant());
            } else {
                jobs.requeue(job.requester().tenant(), job.id(), error);
            }
        }
        return true;
    }

    @Override
    public int expireExports() {
        return jobs.expire(clock.instant());
    }

    /** The job, if it is of the caller's tenant and the caller could run it; otherwise "not found" (or forbidden for a missing role). */
    private ExportJob visible(ExportJobQuery query) {
        tenants.apply(query.actor().tenant());
        ExportJob job = jobs.find(query.actor().tenant(), query.id())
                .orElseThrow(() -> new NotFoundException("export", query.id().toString()));
        try {
            ReportExports.requireMayExport(query.actor(), job.request().customer());
        } catch (NotFoundException outOfScope) {
            throw new NotFoundException("export", query.id().toString());
        }
        return job;
    }
}
