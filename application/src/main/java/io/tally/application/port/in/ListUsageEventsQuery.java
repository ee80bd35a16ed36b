package io.tally.application.port.in;

import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.usage.EventCursor;
import io.tally.domain.usage.EventType;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Filters: one event {@code type}, and times {@code from} (inclusive) to {@code to} (exclusive); the page
 * starts after {@code after} and holds 1 to {@value #MAX_LIMIT} events.
 */
public record ListUsageEventsQuery(Actor actor, CustomerId customer, Optional<EventType> type, Optional<Instant> from,
                                   Optional<Instant> to, Optional<EventCursor> after, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    public ListUsageEventsQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new InvalidValueException("to", "must be after from");
        }
    }
}
