package io.tally.application.port.in.metric;

/** Deletes one of the tenant's own metrics, unless another metric uses it; built-in metrics cannot be deleted. */
public interface DeleteMetricUseCase {

    void deleteMetric(DeleteMetricCommand command);
}
