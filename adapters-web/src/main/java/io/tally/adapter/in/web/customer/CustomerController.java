package io.tally.adapter.in.web.customer;

import io.tally.adapter.in.web.Cursors;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.CustomerResponse;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.adapter.in.http.validation.ExternalCustomerId;
import io.tally.application.port.in.GetCustomerQuery;
import io.tally.application.port.in.GetCustomerUseCase;
import io.tally.application.port.in.ListCustomersQuery;
import io.tally.application.port.in.ListCustomersUseCase;
import io.tally.application.port.in.Page;
import io.tally.domain.access.Actor;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerId;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Optional;

@Tag(name = "Customers")
@Controller("/api/v1/customers")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemResponses.Secured
class CustomerController {

    private final ListCustomersUseCase listCustomers;
    private final GetCustomerUseCase getCustomer;

    CustomerController(ListCustomersUseCase listCustomers, GetCustomerUseCase getCustomer) {
        this.listCustomers = listCustomers;
        this.getCustomer = getCustomer;
    }

    /**
     * The customers the caller may see, ordered by external id. A token with a {@code customers} claim
     * sees only those customers.
     *
     * @param q only customers whose external id or display name holds this text, in any case (at most 100 characters)
     * @param limit page size, 1 to 200 (default 50)
     * @param cursor the {@code next_cursor} of the previous page
     * @return one page of customers
     */
    @Get
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.BadRequest
    CustomerPage listCustomers(@Parameter(hidden = true) Actor actor,
                      @QueryValue @Nullable String q,
                      @QueryValue(defaultValue = "50") @Min(1) @Max(ListCustomersQuery.MAX_LIMIT) int limit,
                      @QueryValue @Nullable String cursor) {
        Page<Customer> page = listCustomers.listCustomers(
                new ListCustomersQuery(actor, Optional.ofNullable(q), Cursors.decodeCustomerId(cursor), limit));
        return new CustomerPage(page.items().stream().map(CustomerResponse::of).toList(),
                page.continueAfter().map(last -> Cursors.encode(last.id().value())).orElse(null));
    }

    /**
     * One customer's profile. A customer of another tenant, or outside the token's {@code customers}, is
     * reported as not found.
     *
     * @param externalId the customer's external id
     * @return the customer
     */
    @Get("/{externalId}")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    CustomerResponse getCustomer(@Parameter(hidden = true) Actor actor, @PathVariable @ExternalCustomerId String externalId) {
        return CustomerResponse.of(getCustomer.getCustomer(new GetCustomerQuery(actor, CustomerId.of(externalId))));
    }
}
