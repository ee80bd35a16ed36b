package io.tally.domain.schedule;

import io.tally.domain.delivery.Delivery;
import io.tally.domain.analytics.Period;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One fire of a schedule (or a run asked for now): its idempotency key is the schedule and the fire time, so however
 * many nodes see the fire, there is one run. It renders the files once, then makes one {@link Delivery} per channel.
 *
 * @param attempts how many times a node started it (more than 1: a node stopped during it and another took it over)
 * @param node the node that last started it
 * @param dataAsOf the moment its figures were read: every event received until then is counted
 * @param watermark the tenant's data watermark then
 * @param period the days its report covers, in the report's timezone
 */
public record ScheduleRun(UUID id, UUID scheduleId, Instant fireTime, Trigger trigger, Status status, int attempts, Optional<String> node,
                          Instant createdAt, Optional<Instant> startedAt, Optional<Instant> finishedAt, Optional<Instant> dataAsOf,
                          Optional<Long> watermark, Optional<Period> period, Optional<String> error, List<ScheduleFile> files, List<Delivery> deliveries) {

    public enum Trigger {
        CRON, MANUAL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code queued} until a node takes it, {@code running} while its files are made, {@code delivering} while a delivery
     * is not finished, then {@code succeeded} (every delivery did), {@code partially_failed} or {@code failed} (the report
     * could not be made, or no delivery succeeded).
     */
    public enum Status {
        QUEUED, RUNNING, DELIVERING, SUCCEEDED, PARTIALLY_FAILED, FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean isFinished() {
            return this == SUCCEEDED || this == PARTIALLY_FAILED || this == FAILED;
        }

        public static Status fromWireName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }

        /** The status of a run whose files are made, from its deliveries' statuses. */
        public static Status of(List<Delivery.Status> deliveries) {
            if (deliveries.stream().anyMatch(status -> !status.isFinished())) {
                return DELIVERING;
            }
            long succeeded = deliveries.stream().filter(status -> status == Delivery.Status.SUCCEEDED).count();
            return succeeded == deliveries.size() ? SUCCEEDED : succeeded == 0 ? FAILED : PARTIALLY_FAILED;
        }
    }

    public ScheduleRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scheduleId, "scheduleId");
        Objects.requireNonNull(fireTime, "fireTime");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(dataAsOf, "dataAsOf");
        Objects.requireNonNull(watermark, "watermark");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(error, "error");
        files = List.copyOf(files);
        deliveries = List.copyOf(deliveries);
    }

    /** A run about to be made: queued. */
    public static ScheduleRun queued(UUID id, UUID scheduleId, Instant fireTime, Trigger trigger, Instant now) {
        return new ScheduleRun(id, scheduleId, fireTime, trigger, Status.QUEUED, 0, Optional.empty(), now, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of());
    }

    /**
     * The idempotency key of the run, which a webhook receiver sees as {@code webhook-id}: the schedule and the fire time
     * ({@code sch_{schedule}_{epoch seconds}}; a run asked for now adds its microseconds and {@code _manual}).
     */
    public String idempotencyKey() {
        return "sch_" + scheduleId + "_" + fireTime.getEpochSecond()
                + (trigger == Trigger.MANUAL ? String.format(Locale.ROOT, ".%06d_manual", fireTime.getNano() / 1000) : "");
    }

    /** The days its report covers as the API shows them ({@code from}, {@code to}, {@code timezone}); empty before it is made. */
    public Optional<Map<String, Object>> periodJson() {
        return period.map(days -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("from", days.from().toString());
            json.put("to", days.to().toString());
            json.put("timezone", days.zone().value());
            return json;
        });
    }
}
