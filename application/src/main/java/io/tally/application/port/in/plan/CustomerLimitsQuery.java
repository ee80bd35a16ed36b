package io.tally.application.port.in.plan;

import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;
import java.util.Objects;

/** A customer's usage against its plan's limits, now. */
public record CustomerLimitsQuery(Actor actor, CustomerId customer) {

    public CustomerLimitsQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(customer, "customer");
    }
}
