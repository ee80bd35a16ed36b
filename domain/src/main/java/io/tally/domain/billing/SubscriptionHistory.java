package io.tally.domain.billing;

import io.tally.domain.customer.CustomerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One subscription's versions in the order they took effect, and which of them applies when: at an instant, the
 * latest version that took effect by then; before the first version took effect, the first one, back to its
 * {@code started_at} (a billing system that starts sending facts in mid-life describes the subscription as it
 * is). MRR ({@link MrrLedger}) and the subscription in force ({@link SubscriptionsInForce}) both read a
 * subscription through this rule.
 */
public final class SubscriptionHistory {

    private final List<SubscriptionVersion> versions;

    private SubscriptionHistory(List<SubscriptionVersion> versions) {
        this.versions = versions;
    }

    /** One history per subscription named by the versions, in subscription id order. */
    public static List<SubscriptionHistory> of(Collection<SubscriptionVersion> versions) {
        Map<BillingId, List<SubscriptionVersion>> bySubscription = new TreeMap<>();
        for (SubscriptionVersion version : versions) {
            bySubscription.computeIfAbsent(version.subscription(), id -> new ArrayList<>()).add(version);
        }
        List<SubscriptionHistory> histories = new ArrayList<>(bySubscription.size());
        for (List<SubscriptionVersion> history : bySubscription.values()) {
            history.sort(Comparator.comparing(SubscriptionVersion::effectiveAt));
            histories.add(new SubscriptionHistory(List.copyOf(history)));
        }
        return List.copyOf(histories);
    }

    public BillingId subscription() {
        return versions.getFirst().subscription();
    }

    /** The customer of the subscription (the billing facts refuse to move a subscription to another customer). */
    public CustomerId customer() {
        return versions.getFirst().customer();
    }

    /** Every version, in the order they took effect. */
    public List<SubscriptionVersion> versions() {
        return versions;
    }

    /** The version that took effect last. */
    public SubscriptionVersion latest() {
        return versions.getLast();
    }

    /** The version that applies at the instant: the latest that took effect by then, else the first. */
    public SubscriptionVersion versionAt(Instant at) {
        SubscriptionVersion found = versions.getFirst();
        for (SubscriptionVersion version : versions) {
            if (version.effectiveAt().isAfter(at)) {
                break;
            }
            found = version;
        }
        return found;
    }

    /** The version that applies at the instant, when it keeps the subscription in force then ({@link SubscriptionVersion#inForceAt}). */
    public Optional<SubscriptionVersion> inForceAt(Instant at) {
        SubscriptionVersion version = versionAt(at);
        return version.inForceAt(at) ? Optional.of(version) : Optional.empty();
    }

    /** The instants at which what applies may change: versions taking effect, the subscription starting and ending. */
    TreeSet<Instant> changePoints() {
        TreeSet<Instant> points = new TreeSet<>();
        for (SubscriptionVersion version : versions) {
            points.add(version.effectiveAt());
            points.add(version.startedAt());
            version.endedAt().ifPresent(points::add);
        }
        return points;
    }
}
