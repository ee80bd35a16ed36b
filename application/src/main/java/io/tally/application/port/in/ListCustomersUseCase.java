package io.tally.application.port.in;

import io.tally.domain.customer.Customer;

/** Lists the customers the caller may see, ordered by external id, a page at a time. */
public interface ListCustomersUseCase {

    Page<Customer> listCustomers(ListCustomersQuery query);
}
