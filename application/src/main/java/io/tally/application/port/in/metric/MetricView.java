package io.tally.application.port.in.metric;

import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricKey;
import java.util.List;
import java.util.Objects;

/** A metric and the metrics whose formulas name it (which keep it from being deleted). */
public record MetricView(Metric metric, List<MetricKey> usedBy) {

    public MetricView {
        Objects.requireNonNull(metric, "metric");
        usedBy = List.copyOf(usedBy);
    }
}
