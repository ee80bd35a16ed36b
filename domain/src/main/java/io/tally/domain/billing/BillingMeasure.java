package io.tally.domain.billing;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A figure measured from billing facts over a span of time: customers counted from subscriptions and
 * profiles, MRR from the {@link MrrLedger}, revenue from payments ({@link Revenue}), the churn
 * rate by the calendar-month rule of docs/metrics.md. Money measures are per currency, never converted. Some can be split by the customer's
 * {@code country} or the subscription's {@code plan}.
 */
public enum BillingMeasure {
    /** Customers whose profile's signed-up time falls in the span; by country or plan of the profile. */
    NEW_SIGNUPS(false, true, Set.of("country", "plan")),
    /** Customers with MRR just before the span's start. */
    PAYING_CUSTOMERS_AT_START(false, true, Set.of()),
    /** Customers with MRR at the span's end; by country (profile) or plan (of the subscriptions paying then). */
    PAYING_CUSTOMERS(false, true, Set.of("country", "plan")),
    /** Customers with MRR in a currency at the span's end, per currency (ARPU's denominator). */
    PAYING_CUSTOMERS_IN_CURRENCY(true, true, Set.of("country", "plan")),
    /** Customers who paid at the start or at some moment in the span and pay nothing at its end. */
    CHURNED_CUSTOMERS(false, true, Set.of()),
    /** Churned customers who were not paying at the span's start: they started and churned inside it. */
    NEW_AND_CHURNED(false, true, Set.of()),
    /** Customer churn rate in percent, the mean of the span's calendar months' rates (null when none is defined). */
    CUSTOMER_CHURN_RATE(false, false, Set.of()),
    /** MRR just before the span's start. */
    MRR_AT_START(true, true, Set.of()),
    /** MRR at the span's end; by country (profile) or plan (subscription). */
    MRR(true, true, Set.of("country", "plan")),
    /** MRR from customers who had none in the currency before. */
    NEW_MRR(true, true, Set.of()),
    /** MRR added by customers who already paid. */
    EXPANSION_MRR(true, true, Set.of()),
    /** MRR lost by customers who still pay (negative). */
    CONTRACTION_MRR(true, true, Set.of()),
    /** MRR lost by customers who stopped paying (negative). */
    CHURNED_MRR(true, true, Set.of()),
    /** MRR from customers who paid in the currency before, then stopped, and pay again. */
    REACTIVATION_MRR(true, true, Set.of()),
    /** Succeeded payments made in the span. */
    GROSS_REVENUE(true, true, Set.of()),
    /** Refunds made in the span, whenever their payment was made. */
    REFUNDS(true, true, Set.of()),
    /** Gross revenue minus refunds. */
    NET_REVENUE(true, true, Set.of());

    /** The dimension that splits money: every money measure is per currency. */
    public static final String CURRENCY = "currency";

    private final boolean perCurrency;
    private final boolean zeroWhenEmpty;
    private final Set<String> groupable;

    BillingMeasure(boolean perCurrency, boolean zeroWhenEmpty, Set<String> groupable) {
        this.perCurrency = perCurrency;
        this.zeroWhenEmpty = zeroWhenEmpty;
        this.groupable = groupable;
    }

    /** Whether the values are money, one per currency. */
    public boolean isPerCurrency() {
        return perCurrency;
    }

    /** 0 when nothing happened (counts and money); the churn rate has no value then. */
    public boolean zeroWhenEmpty() {
        return zeroWhenEmpty;
    }

    /** The dimensions it can be split by besides the currency (at most one at a time). */
    public Set<String> groupable() {
        return groupable;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BillingMeasure> fromWireName(String value) {
        for (BillingMeasure measure : values()) {
            if (measure.wireName().equals(value)) {
                return Optional.of(measure);
            }
        }
        return Optional.empty();
    }
}
