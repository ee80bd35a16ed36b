package io.tally.application.port.in;

import io.tally.domain.customer.Customer;

/** Reads one customer; one the caller may not see is reported as not found. */
public interface GetCustomerUseCase {

    Customer getCustomer(GetCustomerQuery query);
}
