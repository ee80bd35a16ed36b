package io.tally.application.port.in.dashboard;

import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A dashboard's versions, newest first, those before a version number when given; 1 to {@value #MAX_LIMIT} of them. */
public record ListDashboardVersionsQuery(Actor actor, UUID id, Optional<Integer> before, int limit) {

    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 20;

    public ListDashboardVersionsQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(before, "before");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be between 1 and " + MAX_LIMIT);
        }
    }
}
