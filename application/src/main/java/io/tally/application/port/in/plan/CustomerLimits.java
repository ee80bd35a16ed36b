package io.tally.application.port.in.plan;

import io.tally.domain.customer.CustomerId;
import io.tally.domain.plan.LimitWindow;
import io.tally.domain.plan.PlanLimit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A customer's usage against each limit of its plan at {@code at}. {@code plan} is what the profile names
 * ({@code planDefined} false when the tenant has no such plan: then there are no limits).
 */
public record CustomerLimits(CustomerId customer, Optional<String> plan, boolean planDefined, Instant at, List<LimitUsage> limits) {

    public CustomerLimits {
        limits = List.copyOf(limits);
    }

    /**
     * One limit: its window, the usage counted in it so far, what remains ({@code max(0, amount − used)}), the
     * share used in percent (2 decimals; empty for a limit of 0), and whether the usage is over the amount.
     */
    public record LimitUsage(PlanLimit limit, String meterName, LimitWindow window, BigDecimal used, BigDecimal remaining,
                             Optional<BigDecimal> percent, boolean exceeded) {
    }
}
