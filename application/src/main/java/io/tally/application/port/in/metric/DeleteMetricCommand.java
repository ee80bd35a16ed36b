package io.tally.application.port.in.metric;

import io.tally.domain.access.Actor;
import io.tally.domain.metric.MetricKey;
import java.util.Objects;

public record DeleteMetricCommand(Actor actor, MetricKey key) {

    public DeleteMetricCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(key, "key");
    }
}
