package io.tally.bootstrap.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tally.adapter.out.persistence.replica.ReadReplica;
import jakarta.inject.Singleton;

/**
 * The read replica as its background check last saw it (no query per scrape), when one is configured:
 * {@code tally_replica_up} (1 while analytics reads go to it, else 0) and {@code tally_replica_lag_seconds} (how far
 * it is behind the primary; NaN while it does not answer).
 */
@Singleton
class ReplicaGauges implements MeterBinder {

    private final ReadReplica replica;

    ReplicaGauges(ReadReplica replica) {
        this.replica = replica;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (!replica.configured()) {
            return;
        }
        Gauge.builder("tally.replica.up", replica, r -> r.status().state() == ReadReplica.State.UP ? 1 : 0)
                .description("1 while analytics reads go to the read replica, 0 while they fall back to the primary").register(registry);
        Gauge.builder("tally.replica.lag", replica, r -> r.status().lag().map(lag -> lag.toNanos() / 1e9).orElse(Double.NaN))
                .description("How far the read replica is behind the primary (NaN while it does not answer)").baseUnit("seconds")
                .register(registry);
    }
}
