package io.tally.domain.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.common.NotFoundException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ActorTest {

    @Test
    void rolesIncludeEveryLowerRole() {
        assertThat(Role.OWNER.withIncluded()).containsExactly(Role.VIEWER, Role.ANALYST, Role.MANAGER, Role.ADMIN, Role.OWNER);
        assertThat(Role.ANALYST.withIncluded()).containsExactly(Role.VIEWER, Role.ANALYST);
        assertThat(Role.ADMIN.includes(Role.MANAGER)).isTrue();
        assertThat(Role.MANAGER.includes(Role.ADMIN)).isFalse();
    }

    @Test
    void aCustomerScopedActorSeesOnlyItsCustomersAndOthersLookAbsent() {
        Actor actor = Actor.user(TenantId.of("t"), "u", Set.of(Role.VIEWER),
                CustomerScope.only(Set.of(CustomerId.of("acme"))), "r1");

        assertThat(actor.canSee(CustomerId.of("acme"))).isTrue();
        assertThatThrownBy(() -> actor.requireVisible(CustomerId.of("globex")))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("customer 'globex' was not found");
    }

    @Test
    void anEmptyCustomersClaimSeesNobody() {
        Actor actor = Actor.user(TenantId.of("t"), "u", Set.of(Role.VIEWER), CustomerScope.only(Set.of()), "r1");

        assertThat(actor.canSee(CustomerId.of("acme"))).isFalse();
    }

    @Test
    void aRoleIsHeldByStaffWithItOrAHigherOneNeverByAService() {
        Actor manager = Actor.user(TenantId.of("t"), "u", Set.of(Role.MANAGER), CustomerScope.all(), "r1");
        assertThat(manager.hasRole(Role.ANALYST)).isTrue();
        assertThat(manager.hasRole(Role.MANAGER)).isTrue();
        assertThat(manager.hasRole(Role.ADMIN)).isFalse();
        manager.requireRole(Role.VIEWER, "never thrown");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> manager.requireRole(Role.ADMIN, "admins only"))
                .isInstanceOf(io.tally.domain.common.ForbiddenException.class).hasMessage("admins only");
        Actor service = Actor.service(TenantId.of("t"), "svc", Set.of("events:write"), "r2");
        assertThat(service.hasRole(Role.VIEWER)).isFalse();
    }
}
