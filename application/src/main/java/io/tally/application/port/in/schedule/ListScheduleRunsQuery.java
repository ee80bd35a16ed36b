package io.tally.application.port.in.schedule;

import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A schedule's runs, newest first, before a cursor (the last run of the page before). */
public record ListScheduleRunsQuery(Actor actor, UUID schedule, Optional<RunCursor> before, int limit) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public ListScheduleRunsQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(before, "before");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be 1 to " + MAX_LIMIT);
        }
    }
}
