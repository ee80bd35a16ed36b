package io.tally.application.port.in.bulk;

import io.tally.domain.access.Actor;
import java.util.Objects;
import java.util.UUID;

/** One customer change by id. */
public record CustomerChangeQuery(Actor actor, UUID id) {

    public CustomerChangeQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
    }
}
