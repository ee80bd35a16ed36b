package io.tally.application.port.in.billing;

import io.tally.domain.analytics.Period;
import io.tally.domain.billing.MrrMovements;
import io.tally.domain.billing.Revenue;
import io.tally.domain.common.CountryCode;
import io.tally.domain.common.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The tenant's billing figures over a period, every amount per currency.
 *
 * @param measuredUntil the end of the period, or the moment of the request when the period has not ended
 * @param churnedCustomers customers who paid at the start or at some moment in the period and pay nothing at its end
 * @param newAndChurned those of the churned customers who were not paying at the period's start (for one month:
 *        the churned customers the churn rate leaves out)
 * @param payingAtStart customers with MRR just before the period started
 * @param customerChurnRate the mean of the period's calendar months' churn rates ({@code ChurnRate}), in percent with
 *        2 decimals; empty when no month had anyone paying at its start
 * @param mrr per currency, in currency order
 * @param arpu per currency: end MRR ÷ customers paying in that currency at the end
 * @param payingAtEnd customers with MRR at the end
 */
public record BillingSummary(Period period, Instant measuredUntil, long newSignups, long churnedCustomers, long newAndChurned,
                             long payingAtStart, long payingAtEnd, Optional<BigDecimal> customerChurnRate, Revenue revenue, List<MrrMovements> mrr,
                             List<Money> arpu, List<PlanBreakdown> byPlan, List<CountryBreakdown> byCountry) {

    public BillingSummary {
        mrr = List.copyOf(mrr);
        arpu = List.copyOf(arpu);
        byPlan = List.copyOf(byPlan);
        byCountry = List.copyOf(byCountry);
    }

    /** Customers with a subscription in the plan bringing MRR at the end, and that MRR per currency. */
    public record PlanBreakdown(String plan, long payingCustomers, List<Money> mrr) {
    }

    /**
     * Per country of the customers' profiles (empty: not known): customers paying at the end, their end MRR
     * per currency, and signups in the period.
     */
    public record CountryBreakdown(Optional<CountryCode> country, long payingCustomers, List<Money> mrr, long newSignups) {
    }
}
