package io.tally.application.port.in.target;

import io.tally.domain.access.Actor;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.target.MetricTarget;
import java.util.List;
import java.util.Objects;

/** All the targets a metric is to carry from now on (none removes them), each for the tenant's figure or a customer's. */
public record SetTargetsCommand(Actor actor, MetricKey metric, List<MetricTarget> targets) {

    public SetTargetsCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(metric, "metric");
        targets = List.copyOf(targets);
    }
}
