package io.tally.application.port.in.schedule;

import io.tally.domain.access.Actor;
import java.util.Objects;
import java.util.UUID;

/** A change to one schedule that takes nothing else: delete, pause, resume, run now. */
public record ScheduleIdCommand(Actor actor, UUID id) {

    public ScheduleIdCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
    }
}
