package io.tally.application.port.out.schedule;

import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.UUID;

/**
 * The cluster-safe job runner (db-scheduler over PostgreSQL): each job runs once on one node, and a job whose node
 * stopped is taken over by another.
 */
public interface ScheduleJobsPort {

    /** The schedule's next fire at {@code fireTime}, replacing the one it had. */
    void arm(TenantId tenant, UUID schedule, Instant fireTime);

    /** The schedule's next fire at {@code fireTime} unless it has one armed (or running); answers whether it armed it. */
    boolean armIfAbsent(TenantId tenant, UUID schedule, Instant fireTime);

    /** No more fires of the schedule (a fire already running finishes). */
    void disarm(UUID schedule);

    /** Makes the run as soon as a node is free; once, however often it is asked. */
    void queueRun(TenantId tenant, UUID run);

    /** The delivery's next attempt at {@code at}; once, however often it is asked. */
    void queueDelivery(TenantId tenant, UUID delivery, Instant at);
}
