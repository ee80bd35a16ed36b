package io.tally.application.port.out.operations;

import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** How the stored data and the background work stand: for the whole service (metrics) and for one tenant (its status). */
public interface OperationsStatusPort {

    /** Every tenant's export jobs by status, and when the oldest rollup delta not folded yet was written. */
    ServiceFigures serviceFigures();

    /** One tenant's figures at {@code now}. */
    TenantFigures tenantFigures(TenantId tenant, Instant now);

    record ServiceFigures(Map<String, Long> exportJobs, Optional<Instant> oldestPendingDelta) {

        public ServiceFigures {
            exportJobs = Map.copyOf(exportJobs);
            Objects.requireNonNull(oldestPendingDelta, "oldestPendingDelta");
        }
    }

    /**
     * Events stored (their count in the rollups), when the last one was received and when the oldest kept one happened
     * (to its 15-minute slot), the oldest delta not folded yet, export jobs queued, running and failed in the last 7 days,
     * schedules whose latest run failed, alert rules whose last evaluation failed, privacy requests open and overdue.
     */
    record TenantFigures(long eventsStored, Optional<Instant> lastEventReceivedAt, Optional<Instant> oldestEventAt,
                         Optional<Instant> oldestPendingDelta, long exportsQueued, long exportsRunning, long exportsFailedLastWeek,
                         List<Failing> failingSchedules, List<Failing> failingAlertRules, long privacyOpen, long privacyOverdue) {

        public TenantFigures {
            failingSchedules = List.copyOf(failingSchedules);
            failingAlertRules = List.copyOf(failingAlertRules);
        }
    }

    /** A schedule or alert rule in a failing state: since when, and the error. */
    record Failing(UUID id, String name, Instant since, String error) {
    }
}
