package io.tally.application.port.in.billing;

import io.tally.domain.billing.Revenue;
import io.tally.domain.billing.SubscriptionVersion;
import io.tally.domain.common.Money;
import io.tally.domain.customer.Customer;
import java.util.List;
import java.util.Optional;

/**
 * A customer's billing view.
 *
 * @param subscription the customer's subscription in force now, as {@code SubscriptionsInForce} decides (of several,
 *        the one started last); empty when none is in force
 * @param subscriptionMrr what that subscription brings now (0 when it does not count, a trial for example)
 * @param mrr the customer's MRR now, per currency
 * @param lifetime every succeeded payment and refund of the customer
 */
public record CustomerBilling(Customer customer, Optional<SubscriptionVersion> subscription, Optional<Money> subscriptionMrr,
                              List<Money> mrr, Revenue lifetime) {

    public CustomerBilling {
        mrr = List.copyOf(mrr);
    }
}
