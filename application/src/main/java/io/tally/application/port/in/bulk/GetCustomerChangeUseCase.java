package io.tally.application.port.in.bulk;

import io.tally.domain.bulk.CustomerChange;

/** A customer change with its per-customer result. */
public interface GetCustomerChangeUseCase {

    BulkResult<CustomerChange> getCustomerChange(CustomerChangeQuery query);
}
