package io.tally.domain.alert;

import io.tally.domain.customer.CustomerId;
import java.util.Objects;
import java.util.Optional;

/** Whom a state belongs to: the whole tenant ({@code customer} empty), or one customer. */
public record AlertSubject(Optional<CustomerId> customer) {

    public static final AlertSubject TENANT = new AlertSubject(Optional.empty());

    public AlertSubject {
        Objects.requireNonNull(customer, "customer");
    }

    public static AlertSubject of(CustomerId customer) {
        return new AlertSubject(Optional.of(customer));
    }

    /** The subject as the API names it: {@code tenant}, or the customer's external id. */
    public String key() {
        return customer.map(CustomerId::value).orElse("tenant");
    }
}
