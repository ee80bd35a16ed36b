package io.tally.application.port.in.plan;

import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer's usage against its plan's limits, now, or in the windows that held an earlier instant {@code at} (each
 * window's whole usage: the windows of before are over).
 */
public record CustomerLimitsQuery(Actor actor, CustomerId customer, Optional<Instant> at) {

    public CustomerLimitsQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(at, "at");
    }

    public CustomerLimitsQuery(Actor actor, CustomerId customer) {
        this(actor, customer, Optional.empty());
    }
}
