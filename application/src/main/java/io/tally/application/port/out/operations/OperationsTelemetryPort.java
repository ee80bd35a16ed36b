package io.tally.application.port.out.operations;

import io.tally.domain.delivery.Delivery;
import io.tally.domain.usage.IngestOutcome;
import java.util.Map;

/**
 * What the use cases tell operators about their work as it happens, for the service's metrics: counts with bounded
 * labels only (never a tenant's or a customer's id).
 */
public interface OperationsTelemetryPort {

    /** Telemetry that goes nowhere (tests, tools). */
    OperationsTelemetryPort NONE = new OperationsTelemetryPort() {
        @Override
        public void eventsIngested(int batchSize, Map<IngestOutcome, Long> outcomes) {
        }

        @Override
        public void deliveryAttempted(String kind, String channel, Delivery.Status status) {
        }
    };

    /** A batch of {@code batchSize} events was ingested, with this many items per outcome. */
    void eventsIngested(int batchSize, Map<IngestOutcome, Long> outcomes);

    /**
     * An attempt of a delivery: {@code kind} "schedule" (a scheduled report's delivery) or "alert" (an alert's
     * notification), the channel's type, and the delivery's status after it: succeeded, pending (a retry is due) or
     * failed (given up).
     */
    void deliveryAttempted(String kind, String channel, Delivery.Status status);
}
