package io.tally.application.port.in.query;

import io.tally.domain.access.Actor;
import java.util.Objects;
import java.util.UUID;

/** A saved query to delete, by whom. */
public record SavedQueryIdCommand(Actor actor, UUID id) {

    public SavedQueryIdCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
    }
}
