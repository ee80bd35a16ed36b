package io.tally.application.port.in.alert.admin;

import io.tally.domain.access.Actor;
import java.util.Objects;

/** Evaluate every enabled rule of the tenant now. */
public record CheckAlertsCommand(Actor actor) {
    public CheckAlertsCommand {
        Objects.requireNonNull(actor, "actor");
    }
}
