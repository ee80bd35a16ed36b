package io.tally.domain.billing;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Money;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.customer.CustomerProfile;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a subscription as the billing system sent it: its terms from {@code effectiveAt} until
 * the next version takes effect. Versions are never overwritten, so MRR can be rebuilt for any past moment.
 *
 * Times are kept to the microsecond, as PostgreSQL keeps them.
 *
 * @param price the price of one unit for one interval of {@code intervalCount} intervals
 */
public record SubscriptionVersion(
        BillingId subscription,
        CustomerId customer,
        String plan,
        SubscriptionStatus status,
        Money price,
        BillingInterval interval,
        int intervalCount,
        int quantity,
        Instant startedAt,
        Optional<Instant> canceledAt,
        Optional<Instant> endedAt,
        Optional<Instant> trialEnd,
        Instant effectiveAt) {

    public static final int MAX_INTERVAL_COUNT = 1000;
    public static final int MAX_QUANTITY = 1_000_000;
    /** Decimal places a price may have: unit prices below a cent are common (0.0425 per minute). */
    public static final int MAX_PRICE_SCALE = 6;
    public static final BigDecimal MAX_PRICE = new BigDecimal("1000000000000");

    public SubscriptionVersion {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(canceledAt, "canceledAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(trialEnd, "trialEnd");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
        startedAt = Times.micros(startedAt);
        canceledAt = canceledAt.map(Times::micros);
        endedAt = endedAt.map(Times::micros);
        trialEnd = trialEnd.map(Times::micros);
        effectiveAt = Times.micros(effectiveAt);
        if (!CustomerProfile.isValidPlanKey(plan)) {
            throw new InvalidValueException("plan", "'" + plan + "' is not a plan key (1-" + CustomerProfile.PLAN_MAX_LENGTH
                    + " letters, digits, '.', '_', ':' or '-')");
        }
        if (price.amount().signum() < 0) {
            throw new InvalidValueException("price.amount", "must not be negative");
        }
        if (price.amount().stripTrailingZeros().scale() > MAX_PRICE_SCALE) {
            throw new InvalidValueException("price.amount", "has more than " + MAX_PRICE_SCALE + " decimal places");
        }
        if (price.amount().compareTo(MAX_PRICE) >= 0) {
            throw new InvalidValueException("price.amount", "must be below " + MAX_PRICE.toPlainString());
        }
        if (intervalCount < 1 || intervalCount > MAX_INTERVAL_COUNT) {
            throw new InvalidValueException("interval_count", "must be between 1 and " + MAX_INTERVAL_COUNT);
        }
        if (quantity < 0 || quantity > MAX_QUANTITY) {
            throw new InvalidValueException("quantity", "must be between 0 and " + MAX_QUANTITY);
        }
        if (endedAt.isPresent() && endedAt.get().isBefore(startedAt)) {
            throw new InvalidValueException("ended_at", "must not be before started_at");
        }
        if (canceledAt.isPresent() && canceledAt.get().isBefore(startedAt)) {
            throw new InvalidValueException("canceled_at", "must not be before started_at");
        }
    }

    /**
     * This version's monthly recurring revenue when it counts: price × quantity × intervals per year ÷
     * (12 × interval count), so yearly ÷ 12, weekly × 52 ÷ 12, daily × 365 ÷ 12, rounded half-up to the
     * currency's minor unit once. Every MRR figure is a sum of these, so figures reconcile to the cent.
     */
    public Money monthlyAmount() {
        BigDecimal yearly = price.amount().multiply(BigDecimal.valueOf(quantity)).multiply(BigDecimal.valueOf(interval.perYear()));
        BigDecimal monthly = yearly.divide(BigDecimal.valueOf(12L * intervalCount), price.currency().minorUnitDigits(), RoundingMode.HALF_UP);
        return new Money(monthly, price.currency());
    }

    /**
     * Whether this version keeps the subscription in force at {@code at}: it has started ({@code startedAt ≤ at}),
     * has not ended ({@code at < endedAt}) and its status is neither {@code canceled} nor {@code ended}. A
     * {@code trialing} or {@code past_due} subscription is in force (it runs, and so does its billing cycle); whether
     * it brings MRR is {@link MrrPolicy}'s question.
     */
    public boolean inForceAt(Instant at) {
        return status != SubscriptionStatus.CANCELED && status != SubscriptionStatus.ENDED && !at.isBefore(startedAt)
                && (endedAt.isEmpty() || at.isBefore(endedAt.get()));
    }

    /** Whether this version brings MRR at {@code at}: it is in force then and its status counts under the policy. */
    public boolean countsAt(Instant at, MrrPolicy policy) {
        return inForceAt(at) && policy.counts(status);
    }

    /** Whether the other version carries the same facts (amounts compared by value: 480 and 480.00 are equal). */
    public boolean sameFactsAs(SubscriptionVersion other) {
        return subscription.equals(other.subscription) && customer.equals(other.customer) && plan.equals(other.plan)
                && status == other.status && price.amount().compareTo(other.price.amount()) == 0
                && price.currency().equals(other.price.currency()) && interval == other.interval
                && intervalCount == other.intervalCount && quantity == other.quantity && startedAt.equals(other.startedAt)
                && canceledAt.equals(other.canceledAt) && endedAt.equals(other.endedAt) && trialEnd.equals(other.trialEnd)
                && effectiveAt.equals(other.effectiveAt);
    }
}
