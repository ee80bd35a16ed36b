package io.tally.domain.customer;

import java.util.Objects;

/** The outcome of creating-or-replacing a customer's profile: the stored customer, and whether it is new. */
public record CustomerUpsert(Customer customer, boolean created) {

    public CustomerUpsert {
        Objects.requireNonNull(customer, "customer");
    }
}
