package io.tally.application.port.in.alert;

import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The tenant's alert rules after a cursor, in id order. */
public record ListAlertsQuery(Actor actor, Optional<UUID> after, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public ListAlertsQuery {
        Objects.requireNonNull(actor, "actor");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be 1 to " + MAX_LIMIT);
        }
        Objects.requireNonNull(after, "after");
    }
}
