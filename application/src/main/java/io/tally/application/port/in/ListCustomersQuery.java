package io.tally.application.port.in;

import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code search}: only customers whose external id or display name holds this text, in any case (1 to
 * {@value #MAX_SEARCH} characters, no control characters); {@code after}: the external id the page starts after;
 * {@code limit}: 1 to {@value #MAX_LIMIT}.
 */
public record ListCustomersQuery(Actor actor, Optional<String> search, Optional<CustomerId> after, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    public static final int MAX_SEARCH = 100;

    public ListCustomersQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        search = search.map(String::strip).filter(text -> !text.isEmpty());
        if (search.isPresent() && (search.get().length() > MAX_SEARCH || search.get().chars().anyMatch(Character::isISOControl))) {
            throw new InvalidValueException("q", "q must be at most " + MAX_SEARCH + " characters, without control characters");
        }
    }

    /** Every customer, a page at a time. */
    public ListCustomersQuery(Actor actor, Optional<CustomerId> after, int limit) {
        this(actor, Optional.empty(), after, limit);
    }
}
