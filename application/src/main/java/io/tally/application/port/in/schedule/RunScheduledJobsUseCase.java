package io.tally.application.port.in.schedule;

import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What the job runner asks of schedules, on whichever node picked the job: a fire, the making of a run, an attempt of a
 * delivery, the cleanup of expired files. Each is safe to run again after a node stopped halfway through it.
 */
public interface RunScheduledJobsUseCase {

    /**
     * A schedule's fire at {@code fireTime}: its run (one per schedule and fire time, however often this is called) made
     * and queued. Answers the next fire time, empty when the schedule is gone or paused.
     */
    Optional<Instant> fireSchedule(TenantId tenant, UUID schedule, Instant fireTime);

    /** Makes a run's files and its deliveries and queues them, on node {@code node}; a finished run is left alone. */
    void makeRun(TenantId tenant, UUID run, String node);

    /** One attempt of a delivery; answers when the next is due, empty when the delivery is finished. */
    Optional<Instant> attemptDelivery(TenantId tenant, UUID delivery);

    /**
     * Arms the next fire of every enabled schedule that has none armed (one whose arming failed after it was saved, or
     * whose job was lost); answers how many it armed.
     */
    int armMissingFires();

    /** Deletes the stored files of runs whose retention ended; answers how many. */
    int expireScheduleFiles();
}
