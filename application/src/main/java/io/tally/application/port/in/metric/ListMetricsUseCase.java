package io.tally.application.port.in.metric;

import java.util.List;

/** Every metric the tenant can use: the built-in ones, then its own by key. */
public interface ListMetricsUseCase {

    List<MetricView> listMetrics(ListMetricsQuery query);
}
