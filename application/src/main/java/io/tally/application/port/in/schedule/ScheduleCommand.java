package io.tally.application.port.in.schedule;

import io.tally.domain.access.Actor;
import io.tally.domain.schedule.ScheduleDefinition;
import java.util.Objects;

/** A new schedule. */
public record ScheduleCommand(Actor actor, ScheduleDefinition definition) {

    public ScheduleCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(definition, "definition");
    }
}
