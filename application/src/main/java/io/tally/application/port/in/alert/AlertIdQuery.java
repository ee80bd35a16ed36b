package io.tally.application.port.in.alert;

import io.tally.domain.access.Actor;
import java.util.Objects;
import java.util.UUID;

/** One alert rule, with its current states. */
public record AlertIdQuery(Actor actor, UUID id) {
    public AlertIdQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
    }
}
