package io.tally.domain.access;

import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import java.util.Objects;
import java.util.Set;

/**
 * Who makes a request: the tenant it acts for, the token's subject, its roles (user tokens) or scopes
 * (service tokens), the customers it may see, and the id of the request, for the audit log.
 */
public record Actor(TenantId tenant, String subject, Kind kind, Set<Role> roles, Set<String> scopes,
                    CustomerScope customers, String requestId) {

    /** A person through the product's frontend, or another service. */
    public enum Kind { USER, SERVICE }

    public Actor {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(kind, "kind");
        roles = Set.copyOf(roles);
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(customers, "customers");
        Objects.requireNonNull(requestId, "requestId");
    }

    public static Actor user(TenantId tenant, String subject, Set<Role> roles, CustomerScope customers, String requestId) {
        return new Actor(tenant, subject, Kind.USER, roles, Set.of(), customers, requestId);
    }

    public static Actor service(TenantId tenant, String subject, Set<String> scopes, String requestId) {
        return new Actor(tenant, subject, Kind.SERVICE, Set.of(), scopes, CustomerScope.all(), requestId);
    }

    public boolean canSee(CustomerId customer) {
        return customers.allows(customer);
    }

    /**
     * Fails with "not found" when the caller may not see the customer, so that a customer outside a
     * token's scope looks exactly like one that does not exist.
     */
    public void requireVisible(CustomerId customer) {
        if (!canSee(customer)) {
            throw new NotFoundException("customer", customer.value());
        }
    }

    /** Whether the caller is a staff user with {@code role} or one that includes it. */
    public boolean hasRole(Role role) {
        return kind == Kind.USER && roles.stream().anyMatch(held -> held.includes(role));
    }

    /** Fails with "forbidden" ({@code why}) unless the caller is a staff user with {@code role} or one that includes it. */
    public void requireRole(Role role, String why) {
        if (!hasRole(role)) {
            throw new ForbiddenException(why);
        }
    }
}
