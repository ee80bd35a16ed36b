package io.tally.application.port.in.metric;

import io.tally.domain.metric.Metric;

/** Replaces the definition of one of the tenant's own metrics; built-in metrics cannot be changed. */
public interface ChangeMetricUseCase {

    Metric changeMetric(MetricCommand command);
}
