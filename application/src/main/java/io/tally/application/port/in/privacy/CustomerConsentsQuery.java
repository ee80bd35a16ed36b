package io.tally.application.port.in.privacy;

import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;
import java.util.Objects;

/** A customer's consent now and its history. */
public record CustomerConsentsQuery(Actor actor, CustomerId customer) {
    public CustomerConsentsQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(customer, "customer");
    }
}
