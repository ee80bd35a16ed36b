package io.tally.application.port.in.plan;

import io.tally.domain.access.Actor;
import java.util.Objects;

/** Every plan of the actor's tenant. */
public record ListPlansQuery(Actor actor) {

    public ListPlansQuery {
        Objects.requireNonNull(actor, "actor");
    }
}
