package io.tally.application.port.in.schedule;

import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The tenant's schedules after a cursor (a schedule's id), in id order. */
public record ListSchedulesQuery(Actor actor, Optional<UUID> after, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public ListSchedulesQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be 1 to " + MAX_LIMIT);
        }
    }
}
