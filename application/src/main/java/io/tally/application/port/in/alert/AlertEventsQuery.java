package io.tally.application.port.in.alert;

import io.tally.application.port.out.alert.AlertStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import java.util.Objects;
import java.util.Optional;

/** Notifications across rules (and quota alerts), filtered, newest first, before a cursor. */
public record AlertEventsQuery(Actor actor, AlertStorePort.EventFilter filter, Optional<AlertStorePort.EventCursor> before, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public AlertEventsQuery {
        Objects.requireNonNull(actor, "actor");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be 1 to " + MAX_LIMIT);
        }
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(before, "before");
    }
}
