package io.tally.domain.schedule;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A tenant's schedule: its definition, who made and last changed it and when, and its version (1 when made). */
public record Schedule(UUID id, ScheduleDefinition definition, String createdBy, Instant createdAt, String updatedBy, Instant updatedAt,
                       int version) {

    public Schedule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedBy, "updatedBy");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public static Schedule create(UUID id, ScheduleDefinition definition, String by, Instant at) {
        return new Schedule(id, definition, by, at, by, at, 1);
    }

    /** The schedule with a new definition: the next version. */
    public Schedule change(ScheduleDefinition changed, String by, Instant at) {
        return new Schedule(id, changed, createdBy, createdAt, by, at, version + 1);
    }
}
