package io.tally.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.application.port.in.GetCustomerQuery;
import io.tally.application.port.in.ListCustomersQuery;
import io.tally.application.port.in.UpsertCustomerCommand;
import io.tally.domain.access.Actor;
import io.tally.domain.access.CustomerScope;
import io.tally.domain.access.Role;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CustomerServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final TenantId TENANT = TenantId.of("acme");

    private final InMemoryStores.Tenants tenants = new InMemoryStores.Tenants();
    private final InMemoryStores.Customers customers = new InMemoryStores.Customers();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final CustomerService service = new CustomerService(customers, new InMemoryStores.Privacy(),
            new TenantService(tenants, new InMemoryStores.AuditLog(), new InMemoryStores.Transactions(), clock), clock);
    private final Actor billing = Actor.service(TENANT, "billing", Set.of("customers:write"), "r");
    private final Actor staff = Actor.user(TENANT, "sam", Set.of(Role.VIEWER), CustomerScope.all(), "r");

    @Test
    void upsertCreatesTheTenantAndTheCustomerThenReplacesTheProfile() {
        var created = service.upsertCustomer(new UpsertCustomerCommand(billing, CustomerId.of("c1"), CustomerProfile.minimal()));
        var replaced = service.upsertCustomer(new UpsertCustomerCommand(billing, CustomerId.of("c1"), CustomerProfile.minimal()));

        assertThat(created.created()).isTrue();
        assertThat(replaced.created()).isFalse();
        assertThat(tenants.byId).containsKey(TENANT);
    }

    @Test
    void aCustomerOutsideTheTokensScopeIsNotFoundEvenWhenItExists() {
        service.upsertCustomer(new UpsertCustomerCommand(billing, CustomerId.of("globex"), CustomerProfile.minimal()));
        Actor acmeOnly = Actor.user(TENANT, "u", Set.of(Role.VIEWER), CustomerScope.only(Set.of(CustomerId.of("acme"))), "r");

        assertThatThrownBy(() -> service.getCustomer(new GetCustomerQuery(acmeOnly, CustomerId.of("globex"))))
                .isInstanceOf(NotFoundException.class);
        assertThat(service.getCustomer(new GetCustomerQuery(staff, CustomerId.of("globex"))).id().value()).isEqualTo("globex");
    }

    @Test
    void listsInPagesThatEndWithoutAContinuation() {
        for (String id : new String[] {"e", "a", "d", "c", "b"}) {
            service.upsertCustomer(new UpsertCustomerCommand(billing, CustomerId.of(id), CustomerProfile.minimal()));
        }

        var first = service.listCustomers(new ListCustomersQuery(staff, Optional.empty(), 2));
        var second = service.listCustomers(new ListCustomersQuery(staff, first.continueAfter().map(Customer::id), 2));
        var third = service.listCustomers(new ListCustomersQuery(staff, second.continueAfter().map(Customer::id), 2));

        assertThat(first.items()).extracting(c -> c.id().value()).containsExactly("a", "b");
        assertThat(second.items()).extracting(c -> c.id().value()).containsExactly("c", "d");
        assertThat(third.items()).extracting(c -> c.id().value()).containsExactly("e");
        assertThat(third.continueAfter()).isEmpty();
    }

    @Test
    void aPageThatEndsExactlyAtTheLastCustomerHasNoContinuation() {
        for (String id : new String[] {"a", "b"}) {
            service.upsertCustomer(new UpsertCustomerCommand(billing, CustomerId.of(id), CustomerProfile.minimal()));
        }

        assertThat(service.listCustomers(new ListCustomersQuery(staff, Optional.empty(), 2)).hasMore()).isFalse();
    }

    @Test
    void refusesPageSizesOutsideOneTo200() {
        assertThatThrownBy(() -> new ListCustomersQuery(staff, Optional.empty(), 0))
                .isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("limit"));
        assertThatThrownBy(() -> new ListCustomersQuery(staff, Optional.empty(), 201)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void refusesASearchOfMoreThan100CharactersOrWithControlCharactersAndIgnoresABlankOne() {
        assertThatThrownBy(() -> new ListCustomersQuery(staff, Optional.of("x".repeat(101)), Optional.empty(), 10))
                .isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("q"));
        assertThatThrownBy(() -> new ListCustomersQuery(staff, Optional.of("a\u0000b"), Optional.empty(), 10)).isInstanceOf(InvalidValueException.class);
        assertThat(new ListCustomersQuery(staff, Optional.of("  "), Optional.empty(), 10).search()).isEmpty();
        assertThat(new ListCustomersQuery(staff, Optional.of(" Acme "), Optional.empty(), 10).search()).contains("Acme");
    }
}
