package io.tally.application.port.in.schedule;

import io.tally.domain.access.Actor;
import java.util.Objects;
import java.util.UUID;

/** One schedule. */
public record ScheduleIdQuery(Actor actor, UUID id) {

    public ScheduleIdQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
    }
}
