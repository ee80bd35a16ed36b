package io.tally.domain.access;

import io.tally.domain.customer.CustomerId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which of a tenant's customers a caller may see: all of them (staff and services), or only those listed
 * in the token's {@code customers} claim (a customer's own dashboard).
 */
public record CustomerScope(Optional<Set<CustomerId>> only) {

    private static final CustomerScope ALL = new CustomerScope(Optional.empty());

    public CustomerScope {
        Objects.requireNonNull(only, "only");
        only = only.map(Set::copyOf);
    }

    public static CustomerScope all() {
        return ALL;
    }

    public static CustomerScope only(Set<CustomerId> customers) {
        return new CustomerScope(Optional.of(customers));
    }

    public boolean allows(CustomerId customer) {
        return only.map(set -> set.contains(customer)).orElse(true);
    }

    public boolean isRestricted() {
        return only.isPresent();
    }
}
