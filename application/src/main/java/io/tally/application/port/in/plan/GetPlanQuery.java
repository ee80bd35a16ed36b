package io.tally.application.port.in.plan;

import io.tally.domain.access.Actor;
import java.util.Objects;

/** One plan by key. */
public record GetPlanQuery(Actor actor, String key) {

    public GetPlanQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(key, "key");
    }
}
