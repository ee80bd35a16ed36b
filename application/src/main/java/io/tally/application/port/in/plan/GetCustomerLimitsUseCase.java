package io.tally.application.port.in.plan;

/** A customer's usage against its plan's limits; customer-scoped tokens read their own customers. */
public interface GetCustomerLimitsUseCase {

    CustomerLimits getCustomerLimits(CustomerLimitsQuery query);
}
