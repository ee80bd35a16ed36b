package io.tally.application.port.out.schedule;

import io.tally.application.port.in.schedule.RunCursor;
import io.tally.domain.analytics.Period;
import io.tally.domain.delivery.Delivery;
import io.tally.domain.schedule.Schedule;
import io.tally.domain.schedule.ScheduleFile;
import io.tally.domain.schedule.ScheduleRun;
import io.tally.domain.tenant.TenantId;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Schedules, their runs, the runs' files (in the export store: PostgreSQL, chunk by chunk) and deliveries with their
 * attempts, where every node sees them.
 */
public interface ScheduleStorePort {

    void create(TenantId tenant, Schedule schedule);

    Optional<Schedule> find(TenantId tenant, UUID id);

    /** The schedule, its row locked until the surrounding transaction ends. */
    Optional<Schedule> findForUpdate(TenantId tenant, UUID id);

    /** Up to {@code limit + 1} schedules after {@code after}, in id order. */
    List<Schedule> list(TenantId tenant, Optional<UUID> after, int limit);

    void update(TenantId tenant, Schedule schedule);

    /** Every tenant's enabled schedules (for re-arming fires a node may have failed to arm). */
    List<Enabled> enabled();

    /** An enabled schedule and its tenant. */
    record Enabled(TenantId tenant, Schedule schedule) {
    }

    /** Deletes a schedule with its runs, files and deliveries; false when there was none. */
    boolean delete(TenantId tenant, UUID id);

    /** Stores the run unless one of its schedule and fire time (and trigger) exists; answers the stored one either way. */
    ScheduleRun createRunIfAbsent(TenantId tenant, ScheduleRun run);

    /** A run with its files and deliveries. */
    Optional<ScheduleRun> findRun(TenantId tenant, UUID run);

    /** Up to {@code limit + 1} runs of a schedule, newest first, before the cursor; each with its files and deliveries. */
    List<ScheduleRun> listRuns(TenantId tenant, UUID schedule, Optional<RunCursor> before, int limit);

    /**
     * Marks an unfinished run as running on {@code node} at {@code now}, counting the attempt, and answers it; empty when
     * it is finished (or gone).
     */
    Optional<ScheduleRun> startRun(TenantId tenant, UUID run, String node, Instant now);

    /** Records when the run's figures were read, the tenant's data watermark then, and the days its report covers. */
    void recordRunData(TenantId tenant, UUID run, Instant dataAsOf, long watermark, Optional<Period> period);

    /** Sets a run's status; a finished status also sets when it finished, and {@code error} says why it failed. */
    void setRunStatus(TenantId tenant, UUID run, ScheduleRun.Status status, Optional<String> error, Instant now);

    /** Deletes the files a run made (an earlier attempt's, before a node took the run over). */
    void deleteFiles(TenantId tenant, UUID run);

    /** A stream storing what is written as the content of file {@code file} of run {@code run}, in chunks; close it to store the last. */
    OutputStream fileWriter(TenantId tenant, UUID run, UUID file);

    /** Records a file whose content was written. */
    void saveFile(TenantId tenant, ScheduleFile file);

    Optional<ScheduleFile> findFile(TenantId tenant, UUID file);

    /** The content of a stored file, chunk by chunk as it is read. */
    InputStream openFile(TenantId tenant, UUID file);

    /** Deletes the content of files that expired before {@code now} (their record stays, shown as expired); answers how many. */
    int expireFiles(Instant now);

    /** Stores deliveries not stored yet (one per run and position). */
    void createDeliveries(TenantId tenant, List<Delivery> deliveries);

    Optional<Delivery> findDelivery(TenantId tenant, UUID delivery);

    /** Records an attempt and the delivery's status after it, and when the next attempt is due (pending). */
    void recordAttempt(TenantId tenant, UUID delivery, Delivery.Attempt attempt, Delivery.Status status, Optional<Instant> nextAttemptAt);

    /** The statuses of a run's deliveries. */
    List<Delivery.Status> deliveryStatuses(TenantId tenant, UUID run);
}
