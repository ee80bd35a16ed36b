package io.tally.application.port.out;

import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A tenant's own metrics (the built-in ones live in the domain). */
public interface MetricStorePort {

    Optional<Metric> find(TenantId tenant, MetricKey key);

    /** The tenant's metrics, by key. */
    List<Metric> list(TenantId tenant);

    /**
     * Locks the tenant's metric definitions until the surrounding transaction ends, so that definitions,
     * changes and deletions, each checked against all the others (cycles, users), follow one another.
     */
    void lock(TenantId tenant);

    /** Stores a new metric; false when the tenant already has one with its key. */
    boolean create(TenantId tenant, Metric metric, Instant now);

    /** Replaces a metric's definition; false when there is none with its key. */
    boolean update(TenantId tenant, Metric metric, Instant now);

    /** Removes a metric; false when there is none with the key. */
    boolean delete(TenantId tenant, MetricKey key);
}
