package io.tally.application.port.in;

import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import java.util.Objects;
import java.util.Optional;

/** {@code after}: the external id the page starts after; {@code limit}: 1 to {@value #MAX_LIMIT}. */
public record ListCustomersQuery(Actor actor, Optional<CustomerId> after, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public ListCustomersQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
