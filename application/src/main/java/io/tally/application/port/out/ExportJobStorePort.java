package io.tally.application.port.out;

import io.tally.domain.report.ExportFileName;
import io.tally.domain.report.ExportJob;
import io.tally.domain.tenant.TenantId;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Async export jobs and their files, kept where every node sees them (PostgreSQL by default): a job queued on
 * one node is run by whichever claims it, and its file is served by any.
 */
public interface ExportJobStorePort {

    void create(ExportJob job);

    Optional<ExportJob> find(TenantId tenant, UUID id);

    /**
     * Marks the oldest job that is queued, or running with a claim not renewed since {@code staleBefore}
     * (its node stopped), as running at {@code now}, counting the attempt, and returns it. Concurrent callers
     * never claim the same job.
     */
    Optional<ExportJob> claimNext(Instant now, Instant staleBefore);

    /** Renews a running job's claim. */
    void heartbeat(TenantId tenant, UUID id, Instant now);

    /**
     * A stream that stores what is written as the job's file, in chunks, replacing any earlier attempt's;
     * every chunk renews the claim. Closing it stores the last chunk.
     */
    OutputStream fileWriter(TenantId tenant, UUID id);

    void succeed(TenantId tenant, UUID id, long rows, long bytes, ExportFileName fileName, Instant finishedAt, Instant expiresAt);

    /** Back to the queue after a failed attempt, its partial file deleted. */
    void requeue(TenantId tenant, UUID id, String error);

    void fail(TenantId tenant, UUID id, String error, Instant finishedAt);

    /** The job's file, chunk by chunk as it is read. */
    InputStream openFile(TenantId tenant, UUID id);

    /** Deletes the files of succeeded jobs whose expiry is before {@code now} and marks them expired; returns how many. */
    int expire(Instant now);
}
