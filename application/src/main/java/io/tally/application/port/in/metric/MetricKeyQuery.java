package io.tally.application.port.in.metric;

import io.tally.domain.access.Actor;
import io.tally.domain.metric.MetricKey;
import java.util.Objects;

/** One metric, by key, for whom. */
public record MetricKeyQuery(Actor actor, MetricKey key) {

    public MetricKeyQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(key, "key");
    }
}
