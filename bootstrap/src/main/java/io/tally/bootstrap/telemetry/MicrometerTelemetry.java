package io.tally.bootstrap.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.tally.application.port.out.operations.OperationsTelemetryPort;
import io.tally.domain.delivery.Delivery;
import io.tally.domain.usage.IngestOutcome;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The use cases' telemetry as Micrometer meters: {@code tally_events_ingested_total{outcome}}, {@code tally_events_batch_size}
 * (items per request, with buckets) and {@code tally_deliveries_total{kind, channel, outcome}}. Every label has a fixed,
 * small set of values; the meters exist from the start (at 0; the bean is made with the context), so a scrape lists
 * them before anything happened.
 */
@Context
class MicrometerTelemetry implements OperationsTelemetryPort {

    static final String[] KINDS = {"schedule", "alert"};
    static final String[] CHANNELS = {"email", "webhook", "storage"};

    private final Map<IngestOutcome, Counter> ingested = new EnumMap<>(IngestOutcome.class);
    private final DistributionSummary batches;
    private final Map<String, Counter> deliveries = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    MicrometerTelemetry(MeterRegistry registry) {
        this.registry = registry;
        for (IngestOutcome outcome : IngestOutcome.values()) {
            ingested.put(outcome, Counter.builder("tally.events.ingested").description("Events received on /internal/v1/events, by outcome")
                    .tag("outcome", outcome.wireName()).register(registry));
        }
        batches = DistributionSummary.builder("tally.events.batch.size").description("Events per ingest request")
                .serviceLevelObjectives(1, 10, 100, 500, 1_000, 5_000, 10_000).register(registry);
        for (String kind : KINDS) {
            for (String channel : CHANNELS) {
                for (Delivery.Status status : Delivery.Status.values()) {
                    delivery(kind, channel, status);
                }
            }
        }
    }

    @Override
    public void eventsIngested(int batchSize, Map<IngestOutcome, Long> outcomes) {
        batches.record(batchSize);
        outcomes.forEach((outcome, count) -> ingested.get(outcome).increment(count));
    }

    @Override
    public void deliveryAttempted(String kind, String channel, Delivery.Status status) {
        delivery(kind, channel, status).increment();
    }

    /** succeeded: delivered; pending: failed this time, a retry is due; failed: given up. */
    private Counter delivery(String kind, String channel, Delivery.Status status) {
        String outcome = switch (status) {
            case SUCCEEDED -> "delivered";
            case PENDING -> "retrying";
            case FAILED -> "failed";
        };
        return deliveries.computeIfAbsent(kind + "/" + channel + "/" + outcome, key -> Counter.builder("tally.deliveries")
                .description("Attempts of scheduled report deliveries (kind schedule) and alert notifications (kind alert), by outcome")
                .tag("kind", kind).tag("channel", channel).tag("outcome", outcome).register(registry));
    }
}
