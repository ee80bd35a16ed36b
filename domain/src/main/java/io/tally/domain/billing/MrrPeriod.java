package io.tally.domain.billing;

import io.tally.domain.common.CurrencyCode;
import io.tally.domain.customer.CustomerId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * MRR over {@code [start, end)}: movements per currency (every currency the tenant's subscriptions
 * have been priced in), the customers paying just before the start and just before the end, the customers who paid at
 * the start or at some moment in the period and pay nothing at its end (churned), and each paying
 * customer's end MRR per currency. Maps and sets keep the order they were built in (by currency code, by customer).
 */
public record MrrPeriod(Instant start, Instant end, Map<CurrencyCode, MrrMovements> movements, Set<CustomerId> payingAtStart,
                        Set<CustomerId> payingAtEnd, Set<CustomerId> churned,
                        Map<CustomerId, Map<CurrencyCode, BigDecimal>> endMrr) {

    public MrrPeriod {
        movements = Collections.unmodifiableMap(movements);
        payingAtStart = Collections.unmodifiableSet(payingAtStart);
        payingAtEnd = Collections.unmodifiableSet(payingAtEnd);
        churned = Collections.unmodifiableSet(churned);
        endMrr = Collections.unmodifiableMap(endMrr);
    }

    /** Customers paying in the currency at the end. */
    public long payingAtEnd(CurrencyCode currency) {
        return endMrr.values().stream().filter(byCurrency -> byCurrency.containsKey(currency)).count();
    }
}
