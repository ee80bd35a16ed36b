package io.tally.application.port.out;

import io.tally.domain.metric.MetricKey;
import io.tally.domain.target.MetricTarget;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;

/** The targets a tenant set on its metrics (built-in or its own). */
public interface MetricTargetStorePort {

    /** The metric's targets: the tenant-wide ones first, then by customer, period and comparison. */
    List<MetricTarget> list(TenantId tenant, MetricKey metric);

    /** Replaces all the metric's targets with {@code targets} (in a transaction of the caller's). */
    void replace(TenantId tenant, MetricKey metric, List<MetricTarget> targets, Instant now);
}
