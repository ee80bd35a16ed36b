package io.tally.application.port.in.dashboard;

import io.tally.domain.access.Actor;
import java.util.Objects;
import java.util.UUID;

/** Something to do to one dashboard (delete, copy, restore), by whom. */
public record DashboardIdCommand(Actor actor, UUID id) {

    public DashboardIdCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
    }
}
