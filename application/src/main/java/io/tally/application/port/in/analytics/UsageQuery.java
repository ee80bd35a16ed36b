package io.tally.application.port.in.analytics;

import io.tally.application.port.in.PeriodSpec;
import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;
import java.util.Objects;
import java.util.Optional;

/** Figures of one customer, or (without one) of the whole tenant, over a period. */
public record UsageQuery(Actor actor, Optional<CustomerId> customer, PeriodSpec period) {

    public UsageQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(period, "period");
    }
}
