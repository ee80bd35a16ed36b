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
 * @param subscription the subscription in force now: the one bringing the most MRR, else the most recently
 *        started one that has not ended; empty when the customer has none
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
