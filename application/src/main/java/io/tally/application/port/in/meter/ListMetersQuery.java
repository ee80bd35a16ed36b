package io.tally.application.port.in.meter;

import io.tally.domain.access.Actor;
import java.util.Objects;

public record ListMetersQuery(Actor actor) {

    public ListMetersQuery {
        Objects.requireNonNull(actor, "actor");
    }
}
