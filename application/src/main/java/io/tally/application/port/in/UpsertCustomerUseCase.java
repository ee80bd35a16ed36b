package io.tally.application.port.in;

import io.tally.domain.customer.CustomerUpsert;

/** Creates a customer or replaces its profile: sending the same profile again changes nothing. */
public interface UpsertCustomerUseCase {

    CustomerUpsert upsertCustomer(UpsertCustomerCommand command);
}
