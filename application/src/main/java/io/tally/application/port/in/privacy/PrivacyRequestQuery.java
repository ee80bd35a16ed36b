package io.tally.application.port.in.privacy;

import io.tally.domain.access.Actor;
import java.util.Objects;
import java.util.UUID;

/** One request, by id. */
public record PrivacyRequestQuery(Actor actor, UUID id) {
    public PrivacyRequestQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
    }
}
