package io.tally.application.port.in.query;

import io.tally.domain.access.Actor;
import java.util.Objects;
import java.util.UUID;

/** A saved query to read, for whom. */
public record SavedQueryIdQuery(Actor actor, UUID id) {

    public SavedQueryIdQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
    }
}
