package io.tally.application.port.in.dashboard;

import io.tally.domain.access.Actor;
import java.util.Objects;
import java.util.UUID;

/** One dashboard to read, for whom. */
public record DashboardIdQuery(Actor actor, UUID id) {

    public DashboardIdQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
    }
}
