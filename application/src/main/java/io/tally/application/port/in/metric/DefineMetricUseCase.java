package io.tally.application.port.in.metric;

import io.tally.domain.metric.Metric;

/** Defines a metric of the tenant's own: a new key, not a built-in one's, whose formula names existing metrics and no cycle. */
public interface DefineMetricUseCase {

    Metric defineMetric(MetricCommand command);
}
