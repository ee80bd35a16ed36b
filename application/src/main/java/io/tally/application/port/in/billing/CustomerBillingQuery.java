package io.tally.application.port.in.billing;

import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;
import java.util.Objects;

/** One customer's billing profile, current subscription and lifetime revenue. */
public record CustomerBillingQuery(Actor actor, CustomerId customer) {

    public CustomerBillingQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(customer, "customer");
    }
}
