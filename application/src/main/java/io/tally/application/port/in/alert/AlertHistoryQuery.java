package io.tally.application.port.in.alert;

import io.tally.application.port.out.alert.AlertStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A rule's events (transitions and test-fires), newest first, before a cursor. */
public record AlertHistoryQuery(Actor actor, UUID id, Optional<AlertStorePort.EventCursor> before, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public AlertHistoryQuery {
        Objects.requireNonNull(actor, "actor");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be 1 to " + MAX_LIMIT);
        }
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(before, "before");
    }
}
