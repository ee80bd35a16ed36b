package io.tally.application.port.in.metric;

/** One metric, built-in or the tenant's own, with the metrics that use it. */
public interface GetMetricUseCase {

    MetricView getMetric(MetricKeyQuery query);
}
