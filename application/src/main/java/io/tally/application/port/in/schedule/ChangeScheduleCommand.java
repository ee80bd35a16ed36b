package io.tally.application.port.in.schedule;

import io.tally.domain.access.Actor;
import io.tally.domain.schedule.ScheduleDefinition;
import java.util.Objects;
import java.util.UUID;

/** A schedule's new definition. */
public record ChangeScheduleCommand(Actor actor, UUID id, ScheduleDefinition definition) {

    public ChangeScheduleCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(definition, "definition");
    }
}
