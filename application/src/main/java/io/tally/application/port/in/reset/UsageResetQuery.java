package io.tally.application.port.in.reset;

import io.tally.domain.access.Actor;
import java.util.Objects;
import java.util.UUID;

/** One usage reset by id. */
public record UsageResetQuery(Actor actor, UUID id) {

    public UsageResetQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
    }
}
