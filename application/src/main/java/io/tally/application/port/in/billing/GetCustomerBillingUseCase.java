package io.tally.application.port.in.billing;

/** A customer's billing view: profile, current subscription, MRR and lifetime revenue. */
public interface GetCustomerBillingUseCase {

    CustomerBilling getCustomerBilling(CustomerBillingQuery query);
}
