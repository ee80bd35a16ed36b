package io.tally.adapter.in.http.security;

import io.micronaut.security.authentication.Authentication;
import io.tally.domain.access.Actor;
import io.tally.domain.access.CustomerScope;
import io.tally.domain.access.Role;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns an authenticated token into the {@link Actor} the use cases act for. */
public final class Actors {

    private Actors() {
    }

    public static Actor of(Authentication authentication, String requestId) {
        TenantId tenant = TenantId.of((String) authentication.getAttributes().get(TokenClaims.TENANT));
        Collection<String> granted = authentication.getRoles();
        Set<String> scopes = granted.stream()
                .filter(name -> name.startsWith(SecurityRoles.SCOPE_PREFIX))
                .map(name -> name.substring(SecurityRoles.SCOPE_PREFIX.length()))
                .collect(Collectors.toSet());
        if (TokenClaims.audiences(authentication.getAttributes().get(TokenClaims.AUDIENCE)).contains(SecurityRoles.INTERNAL_AUDIENCE)) {
            return Actor.service(tenant, authentication.getName(), scopes, requestId);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        granted.forEach(name -> Role.fromWireName(name).ifPresent(roles::add));
        return Actor.user(tenant, authentication.getName(), roles, customerScope(authentication), requestId);
    }

    /**
     * A {@code customers} claim limits the token to those customers. It fails closed: a claim that is
     * present but null or not a list of ids grants no customer, and ids that cannot exist are dropped.
     */
    private static CustomerScope customerScope(Authentication authentication) {
        Map<String, Object> attributes = authentication.getAttributes();
        if (!attributes.containsKey(TokenClaims.CUSTOMERS)) {
            return CustomerScope.all();
        }
        Object claim = attributes.get(TokenClaims.CUSTOMERS);
        Set<CustomerId> customers = TokenClaims.strings(claim instanceof String single ? List.of(single) : claim).stream()
                .filter(value -> CustomerId.problemWith(value) == null)
                .map(CustomerId::of)
                .collect(Collectors.toSet());
        return CustomerScope.only(customers);
    }
}
