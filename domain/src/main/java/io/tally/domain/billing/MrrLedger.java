package io.tally.domain.billing;

import io.tally.domain.common.CurrencyCode;
import io.tally.domain.customer.CustomerId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every subscription version of a tenant, turned into MRR over time.
 *
 * <p>A subscription's terms at an instant are those of the version that applies then
 * ({@link SubscriptionHistory#versionAt}: its latest version that took effect by then; before its first version
 * took effect, the first version's terms apply back to its {@code started_at}). A version brings MRR while the
 * subscription is in force ({@link SubscriptionVersion#inForceAt}) and its status counts (see {@link MrrPolicy}).
 *
 * <p>MRR changes only at change points: versions taking effect, subscriptions starting and ending. A period
 * {@code [start, end)} owns the changes at instants in it: its start MRR is the MRR just before {@code start}
 * and its end MRR the MRR just before {@code end}, so a subscription starting at midnight on the first of
 * a month is new in that month, and one ending then churns in that month.
 *
 * <p>Movements are counted per customer and currency, change point by change point: from 0 to more is new
 * (or reactivation, when the customer paid in that currency before), from more to 0 is churn, and up or
 * down between is expansion or contraction. A customer's subscriptions are summed first, so replacing one
 * subscription by a dearer one at the same instant is expansion, not churn and new.
 */
public final class MrrLedger {

    private final Map<BillingId, SubscriptionHistory> subscriptions;
    private final List<Unit> units;
    private final MrrPolicy policy;

    private MrrLedger(Map<BillingId, SubscriptionHistory> subscriptions, List<Unit> units, MrrPolicy policy) {
        this.subscriptions = subscriptions;
        this.units = units;
        this.policy = policy;
    }

    public static MrrLedger of(Collection<SubscriptionVersion> versions, MrrPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        Map<BillingId, SubscriptionHistory> bySubscription = new TreeMap<>();
        Map<UnitKey, List<SubscriptionHistory>> byUnit = new TreeMap<>();
        for (SubscriptionHistory history : SubscriptionHistory.of(versions)) {
            bySubscription.put(history.subscription(), history);
            Set<CurrencyCode> currencies = new TreeSet<>(Comparator.comparing(CurrencyCode::value));
            history.versions().forEach(version -> currencies.add(version.price().currency()));
            for (CurrencyCode currency : currencies) {
                byUnit.computeIfAbsent(new UnitKey(history.customer(), currency), key -> new ArrayList<>()).add(history);
            }
        }
        List<Unit> units = new ArrayList<>();
        byUnit.forEach((key, histories) -> units.add(Unit.build(key, histories, policy)));
        return new MrrLedger(bySubscription, List.copyOf(units), policy);
    }

    /** The subscription's MRR in effect at the instant, in the currency of the version then in effect, or empty when none. */
    public Optional<SubscriptionState> stateAt(BillingId subscription, Instant at) {
        SubscriptionHistory history = subscriptions.get(subscription);
        if (history == null) {
            return Optional.empty();
        }
        SubscriptionVersion version = history.versionAt(at);
        BigDecimal mrr = version.countsAt(at, policy) ? version.monthlyAmount().amount() : BigDecimal.ZERO;
        return Optional.of(new SubscriptionState(version, mrr));
    }

    /** Every subscription's state just before the instant (the state a period ending there ends with). */
    public List<SubscriptionState> statesBefore(Instant end) {
        List<SubscriptionState> states = new ArrayList<>();
        for (SubscriptionHistory history : subscriptions.values()) {
            Instant last = null;
            for (Instant point : history.changePoints()) {
                if (point.isBefore(end)) {
                    last = point;
                }
            }
            if (last != null) {
                SubscriptionVersion version = history.versionAt(last);
                BigDecimal mrr = version.countsAt(last, policy) ? version.monthlyAmount().amount() : BigDecimal.ZERO;
                states.add(new SubscriptionState(version, mrr));
            }
        }
        return states;
    }

    /** The subscriptions of one customer, each with its latest version. */
    public List<SubscriptionVersion> latestVersionsOf(CustomerId customer) {
        return subscriptions.values().stream().filter(history -> history.customer().equals(customer))
                .map(SubscriptionHistory::latest).toList();
    }

    /**
     * MRR over {@code [start, end)}: per currency its movements (every currency the tenant's subscriptions have
     * ever been priced in, zeros included, so consecutive periods list the same currencies), and which customers
     * paid when.
     */
    public MrrPeriod period(Instant start, Instant end) {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("a period must end after it starts");
        }
        Map<CurrencyCode, MrrMovements> movements = new TreeMap<>(Comparator.comparing(CurrencyCode::value));
        Map<CustomerId, Map<CurrencyCode, BigDecimal>> endMrr = new TreeMap<>();
        Set<CustomerId> payingAtStart = new TreeSet<>();
        Set<CustomerId> payingInPeriod = new TreeSet<>();
        Set<CustomerId> payingAtEnd = new TreeSet<>();
        units.forEach(unit -> movements.putIfAbsent(unit.key().currency(), MrrMovements.none(unit.key().currency())));
        for (Unit unit : units) {
            UnitPeriod moved = unit.over(start, end);
            if (moved.movements().start().signum() == 0 && moved.movements().end().signum() == 0 && !moved.paidInPeriod()) {
                continue;
            }
            CustomerId customer = unit.key().customer();
            movements.merge(unit.key().currency(), moved.movements(), MrrMovements::plus);
            if (moved.movements().start().signum() > 0) {
                payingAtStart.add(customer);
            }
            if (moved.paidInPeriod()) {
                payingInPeriod.add(customer);
            }
            if (moved.movements().end().signum() > 0) {
                payingAtEnd.add(customer);
                endMrr.computeIfAbsent(customer, c -> new TreeMap<>(Comparator.comparing(CurrencyCode::value)))
                        .put(unit.key().currency(), moved.movements().end());
            }
        }
        Set<CustomerId> churned = new TreeSet<>(payingInPeriod);
        churned.removeAll(payingAtEnd);
        return new MrrPeriod(start, end, movements, payingAtStart, payingAtEnd, churned, endMrr);
    }

    /** A subscription's version in effect and the MRR it brings then (0 when it does not count). */
    public record SubscriptionState(SubscriptionVersion version, BigDecimal mrr) {
    }

    private record UnitKey(CustomerId customer, CurrencyCode currency) implements Comparable<UnitKey> {
        @Override
        public int compareTo(UnitKey other) {
            int byCustomer = customer.compareTo(other.customer);
            return byCustomer != 0 ? byCustomer : currency.value().compareTo(other.currency.value());
        }
    }

    private record UnitPeriod(MrrMovements movements, boolean paidInPeriod) {
    }

    /** One customer's MRR in one currency: its value from each change point until the next. */
    private record Unit(UnitKey key, Instant[] points, BigDecimal[] values, boolean[] paidBy) {

        static Unit build(UnitKey key, List<SubscriptionHistory> histories, MrrPolicy policy) {
            TreeSet<Instant> all = new TreeSet<>();
            histories.forEach(history -> all.addAll(history.changePoints()));
            Instant[] points = all.toArray(Instant[]::new);
            BigDecimal[] values = new BigDecimal[points.length];
            boolean[] paidBy = new boolean[points.length];
            for (int i = 0; i < points.length; i++) {
                BigDecimal value = BigDecimal.ZERO;
                for (SubscriptionHistory history : histories) {
                    SubscriptionVersion version = history.versionAt(points[i]);
                    if (version.price().currency().equals(key.currency()) && version.countsAt(points[i], policy)) {
                        value = value.add(version.monthlyAmount().amount());
                    }
                }
                values[i] = value;
                paidBy[i] = value.signum() > 0 || (i > 0 && paidBy[i - 1]);
            }
            return new Unit(key, points, values, paidBy);
        }

        UnitPeriod over(Instant start, Instant end) {
            int index = lastBefore(start);
            BigDecimal startValue = index >= 0 ? values[index] : BigDecimal.ZERO;
            BigDecimal previous = startValue;
            BigDecimal created = BigDecimal.ZERO;
            BigDecimal expansion = BigDecimal.ZERO;
            BigDecimal contraction = BigDecimal.ZERO;
            BigDecimal churn = BigDecimal.ZERO;
            BigDecimal reactivation = BigDecimal.ZERO;
            boolean paid = startValue.signum() > 0;
            for (int i = index + 1; i < points.length && points[i].isBefore(end); i++) {
                BigDecimal value = values[i];
                if (previous.signum() == 0 && value.signum() > 0) {
                    if (i > 0 && paidBy[i - 1]) {
                        reactivation = reactivation.add(value);
                    } else {
                        created = created.add(value);
                    }
                } else if (previous.signum() > 0 && value.signum() == 0) {
                    churn = churn.subtract(previous);
                } else if (value.compareTo(previous) > 0) {
                    expansion = expansion.add(value.subtract(previous));
                } else if (value.compareTo(previous) < 0) {
                    contraction = contraction.add(value.subtract(previous));
                }
                paid |= value.signum() > 0;
                previous = value;
            }
            return new UnitPeriod(new MrrMovements(key.currency(), startValue, created, expansion, contraction, churn,
                    reactivation, previous), paid);
        }

        /** The index of the last change point before the instant, or -1. */
        private int lastBefore(Instant instant) {
            int found = Arrays.binarySearch(points, instant);
            return found >= 0 ? found - 1 : -found - 2;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Unit unit && unit.key.equals(key);
        }

        @Override
        public int hashCode() {
            return key.hashCode();
        }

        @Override
        public String toString() {
            return "Unit[" + key + "]";
        }
    }
}
