package io.tally.domain.target;

import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.MetricKey;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A goal for a metric's value over each {@link TargetPeriod}: for the tenant-wide figure, or for one customer's
 * ({@code customer}), at least or at most {@code value}; a money metric's target is in one {@code currency}.
 */
public record MetricTarget(MetricKey metric, Optional<CustomerId> customer, TargetPeriod period, TargetComparison comparison, BigDecimal value,
                           Optional<CurrencyCode> currency) {

    /** The most targets one metric may carry (all customers and periods together). */
    public static final int MAX_PER_METRIC = 200;
    private static final BigDecimal LARGEST = new BigDecimal("1e15");

    public MetricTarget {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(currency, "currency");
        if (value.abs().compareTo(LARGEST) >= 0) {
            throw new InvalidValueException("value", "must be below 10^15 in size");
        }
        if (value.scale() > 6) {
            throw new InvalidValueException("value", "may have at most 6 decimals");
        }
    }

    /** Whether it is the same goal's slot as {@code other}: the same metric, subject, period, comparison and currency. */
    public boolean sameSlot(MetricTarget other) {
        return metric.equals(other.metric) && customer.equals(other.customer) && period == other.period && comparison == other.comparison
                && currency.equals(other.currency);
    }

    /** Whether it applies to the figure of {@code whose} (empty: the tenant's) in {@code inCurrency} (empty: not money). */
    public boolean appliesTo(Optional<CustomerId> whose, Optional<CurrencyCode> inCurrency) {
        return customer.equals(whose) && (currency.isEmpty() || currency.equals(inCurrency));
    }
}
