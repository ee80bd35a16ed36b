package io.tally.bootstrap.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.BeanProvider;
import io.tally.application.port.in.status.OperationsStatusUseCase;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges read from the database when scraped (at most every 5 seconds, whatever the number of gauges or scrapers):
 * {@code tally_rollup_fold_lag_seconds}, the age of the oldest delta not folded into the rollups yet;
 * {@code tally_export_jobs{state}}, every tenant's async export jobs by state; {@code tally_export_queue_depth}, the
 * jobs waiting for a worker. A failed read shows as NaN (and is logged) rather than failing the scrape.
 */
@Singleton
class OperationsGauges implements MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(OperationsGauges.class);
    private static final List<String> STATES = List.of("queued", "running", "succeeded", "failed", "expired");

    private final BeanProvider<OperationsStatusUseCase> status;

    /** The use case is looked up when first scraped: the registry binds this while the data source (which it measures) is made. */
    OperationsGauges(BeanProvider<OperationsStatusUseCase> status) {
        this.status = status;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("tally.rollup.fold.lag", status, s -> read(() -> s.get().foldLag().toMillis() / 1000.0))
                .description("Age of the oldest usage delta not folded into the rollups yet (0 when all are folded)")
                .baseUnit("seconds").register(registry);
        for (String state : STATES) {
            Gauge.builder("tally.export.jobs", status, s -> read(() -> s.get().serviceFigures().exportJobs().getOrDefault(state, 0L)))
                    .description("Async export jobs of every tenant, by state").tag("state", state).register(registry);
        }
        Gauge.builder("tally.export.queue.depth", status, s -> read(() -> s.get().serviceFigures().exportJobs().getOrDefault("queued", 0L)))
                .description("Async export jobs waiting for a worker").register(registry);
    }

    private static double read(java.util.function.Supplier<Number> value) {
        try {
            return value.get().doubleValue();
        } catch (RuntimeException e) {
            LOG.warn("could not read an operations gauge: {}", e.toString());
            return Double.NaN;
        }
    }
}
