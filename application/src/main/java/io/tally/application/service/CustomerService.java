package io.tally.application.service;

import io.tally.application.port.in.GetCustomerQuery;
import io.tally.application.port.in.GetCustomerUseCase;
import io.tally.application.port.in.ListCustomersQuery;
import io.tally.application.port.in.ListCustomersUseCase;
import io.tally.application.port.in.Page;
import io.tally.application.port.in.UpsertCustomerCommand;
import io.tally.application.port.in.UpsertCustomerUseCase;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.privacy.PrivacyDataPort;
import io.tally.domain.access.Actor;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerUpsert;
import java.time.Clock;
import java.util.Objects;

/** Customers: profiles sent by the tenant's services, read within the caller's customer scope. */
public final class CustomerService implements UpsertCustomerUseCase, GetCustomerUseCase, ListCustomersUseCase {

    private final CustomerStorePort customers;
    private final PrivacyDataPort privacy;
    private final TenantService tenants;
    private final Clock clock;

    public CustomerService(CustomerStorePort customers, PrivacyDataPort privacy, TenantService tenants, Clock clock) {
        this.customers = Objects.requireNonNull(customers, "customers");
        this.privacy = Objects.requireNonNull(privacy, "privacy");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CustomerUpsert upsertCustomer(UpsertCustomerCommand command) {
        Actor actor = command.actor();
        actor.requireVisible(command.customer());
        tenants.current(actor.tenant());
        privacy.refuseErased(actor.tenant(), command.customer());
        return customers.upsert(actor.tenant(), command.customer(), command.profile(), clock.instant());
    }

    @Override
    public Customer getCustomer(GetCustomerQuery query) {
        Actor actor = query.actor();
        actor.requireVisible(query.customer());
        tenants.current(actor.tenant());
        return customers.find(actor.tenant(), query.customer())
                .orElseThrow(() -> new NotFoundException("customer", query.customer().value()));
    }

    @Override
    public Page<Customer> listCustomers(ListCustomersQuery query) {
        Actor actor = query.actor();
        tenants.current(actor.tenant());
        return Page.fromLookahead(
                customers.list(actor.tenant(), actor.customers(), query.search(), query.after(), query.limit() + 1), query.limit());
    }
}
