package io.tally.application.port.in;

import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;
import java.util.Objects;

public record GetCustomerQuery(Actor actor, CustomerId customer) {

    public GetCustomerQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(customer, "customer");
    }
}
