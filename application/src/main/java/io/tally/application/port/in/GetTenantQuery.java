package io.tally.application.port.in;

import io.tally.domain.access.Actor;
import java.util.Objects;

public record GetTenantQuery(Actor actor) {

    public GetTenantQuery {
        Objects.requireNonNull(actor, "actor");
    }
}
