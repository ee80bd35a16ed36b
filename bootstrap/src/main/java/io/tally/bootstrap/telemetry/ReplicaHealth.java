package io.tally.bootstrap.telemetry;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.endpoint.health.HealthLevelOfDetail;
import io.micronaut.management.health.aggregator.DefaultHealthAggregator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.ApplicationConfiguration;
import io.tally.adapter.out.persistence.replica.ReadReplica;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health} with the read replica's state beside the status, when a replica is configured:
 * {@code {"status": "UP", "details": {"replica": "up" | "degraded", "replica_state": …, "replica_lag_seconds": …}}}.
 *
 * <p>The replica never changes the status, and so never the HTTP status a load balancer checks: a node whose replica
 * is down or behind reads on the primary and serves every request, so taking it out of rotation would only lose
 * capacity. The primary being down still makes the node {@code DOWN} (503), by the JDBC check. Alert on the replica
 * with {@code tally_replica_up} and {@code tally_replica_lag_seconds}. What went wrong with it is in the log, not in
 * this unauthenticated answer.
 */
@Singleton
@Replaces(DefaultHealthAggregator.class)
class ReplicaHealth extends DefaultHealthAggregator {

    private final ReadReplica replica;

    ReplicaHealth(ApplicationConfiguration configuration, ReadReplica replica) {
        super(configuration);
        this.replica = replica;
    }

    @Override
    protected HealthResult buildResult(HealthStatus status, Object details, HealthLevelOfDetail level) {
        HealthResult result = super.buildResult(status, details, level);
        if (!replica.configured() || level != HealthLevelOfDetail.STATUS) {
            return result;
        }
        return HealthResult.builder(result.getName(), status).details(detailsOf(replica.status())).build();
    }

    static Map<String, Object> detailsOf(ReadReplica.Status status) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("replica", status.state() == ReadReplica.State.UP ? "up" : "degraded");
        details.put("replica_state", status.state().name().toLowerCase(java.util.Locale.ROOT));
        status.lag().ifPresent(lag -> details.put("replica_lag_seconds", lag.toNanos() / 1e9));
        return details;
    }
}
