package io.tally.application.service.schedule;

import io.tally.application.port.out.schedule.ScheduleJobsPort;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The in-memory job runner of schedules, recording what it was asked (the outbound channels are {@code DeliveryFakes}). */
final class ScheduleFakes {

    private ScheduleFakes() {
    }

    static final class Jobs implements ScheduleJobsPort {
        final List<UUID> runs = new ArrayList<>();
        final Map<UUID, Instant> deliveries = new LinkedHashMap<>();
        final Map<UUID, Instant> armed = new LinkedHashMap<>();

        @Override
        public void arm(TenantId tenant, UUID schedule, Instant fireTime) {
            armed.put(schedule, fireTime);
        }

        @Override
        public boolean armIfAbsent(TenantId tenant, UUID schedule, Instant fireTime) {
            return armed.putIfAbsent(schedule, fireTime) == null;
        }

        @Override
        public void disarm(UUID schedule) {
            armed.remove(schedule);
        }

        @Override
        public void queueRun(TenantId tenant, UUID run) {
            runs.add(run);
        }

        @Override
        public void queueDelivery(TenantId tenant, UUID delivery, Instant at) {
            deliveries.put(delivery, at);
        }
    }



}
