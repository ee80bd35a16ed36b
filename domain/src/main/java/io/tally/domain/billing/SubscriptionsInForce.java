package io.tally.domain.billing;

import io.tally.domain.customer.CustomerId;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which subscriptions are in force at an instant, and which one is "the" subscription of a customer then. One
 * rule, used for a customer's billing view and for the billing cycle of plan limits:
 *
 * <ol>
 *   <li>a subscription's terms at the instant are those of the version that applies then
 *       ({@link SubscriptionHistory#versionAt}: the latest that took effect by then, else the first);</li>
 *   <li>the subscription is in force when that version has started, has not ended and its status is neither
 *       {@code canceled} nor {@code ended} ({@link SubscriptionVersion#inForceAt}). {@code trialing} and
 *       {@code past_due} subscriptions are in force, and so is their billing cycle, whatever {@link MrrPolicy}
 *       says about the MRR they bring;</li>
 *   <li>when several of a customer's subscriptions are in force, the customer's subscription is the one that
 *       started last (a new subscription taken before the old one ends replaces it at once); on equal
 *       {@code started_at}, the one with the greatest subscription id, so the answer never depends on the order
 *       the facts arrived in.</li>
 * </ol>
 */
public final class SubscriptionsInForce {

    /** The tie rule: the later {@code started_at} first, then the greater subscription id. */
    public static final Comparator<SubscriptionVersion> PRECEDENCE = Comparator.comparing(SubscriptionVersion::startedAt)
            .thenComparing(SubscriptionVersion::subscription).reversed();

    private final List<SubscriptionHistory> histories;

    private SubscriptionsInForce(List<SubscriptionHistory> histories) {
        this.histories = histories;
    }

    /** Over any subscription versions: one customer's, or a tenant's. */
    public static SubscriptionsInForce of(Collection<SubscriptionVersion> versions) {
        return new SubscriptionsInForce(SubscriptionHistory.of(versions));
    }

    /** Every subscription of the customer in force at the instant, as the version that applies then; the customer's subscription first. */
    public List<SubscriptionVersion> inForce(CustomerId customer, Instant at) {
        return histories.stream().filter(history -> history.customer().equals(customer))
                .flatMap(history -> history.inForceAt(at).stream()).sorted(PRECEDENCE).toList();
    }

    /** The customer's subscription at the instant (see the class comment), or empty when none is in force. */
    public Optional<SubscriptionVersion> current(CustomerId customer, Instant at) {
        return inForce(customer, at).stream().findFirst();
    }
}
