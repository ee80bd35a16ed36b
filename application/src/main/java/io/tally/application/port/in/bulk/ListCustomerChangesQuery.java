package io.tally.application.port.in.bulk;

import io.tally.domain.access.Actor;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Customer changes newest first, after a cursor. */
public record ListCustomerChangesQuery(Actor actor, Optional<UUID> after, int limit) {

    public static final int MAX_LIMIT = 200;

    public ListCustomerChangesQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(after, "after");
    }
}
