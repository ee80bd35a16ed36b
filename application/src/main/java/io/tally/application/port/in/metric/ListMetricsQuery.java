package io.tally.application.port.in.metric;

import io.tally.domain.access.Actor;
import java.util.Objects;

public record ListMetricsQuery(Actor actor) {

    public ListMetricsQuery {
        Objects.requireNonNull(actor, "actor");
    }
}
