package io.tally.application.port.in.dashboard;

import io.tally.domain.access.Actor;
import io.tally.domain.dashboard.Dashboard;
import java.util.Objects;

/** A dashboard to make, by whom. */
public record DashboardCommand(Actor actor, Dashboard.Definition definition) {

    public DashboardCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(definition, "definition");
    }
}
