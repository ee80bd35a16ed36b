package io.tally.application.port.in.dashboard;

import io.tally.domain.access.Actor;
import io.tally.domain.dashboard.Dashboard;
import java.util.Objects;
import java.util.UUID;

public record ChangeDashboardCommand(Actor actor, UUID id, Dashboard.Definition definition) {

    public ChangeDashboardCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(definition, "definition");
    }
}
