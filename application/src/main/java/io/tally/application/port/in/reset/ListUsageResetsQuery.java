package io.tally.application.port.in.reset;

import io.tally.domain.access.Actor;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Resets newest first, after a cursor. */
public record ListUsageResetsQuery(Actor actor, Optional<UUID> after, int limit) {

    public static final int MAX_LIMIT = 200;

    public ListUsageResetsQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(after, "after");
    }
}
