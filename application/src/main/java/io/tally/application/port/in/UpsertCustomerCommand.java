package io.tally.application.port.in;

import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.customer.CustomerProfile;
import java.util.Objects;

public record UpsertCustomerCommand(Actor actor, CustomerId customer, CustomerProfile profile) {

    public UpsertCustomerCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(profile, "profile");
    }
}
