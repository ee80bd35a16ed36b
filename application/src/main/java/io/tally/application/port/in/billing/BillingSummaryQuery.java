package io.tally.application.port.in.billing;

import io.tally.domain.access.Actor;
import java.util.Objects;

/** The tenant's billing figures over a period. */
public record BillingSummaryQuery(Actor actor, BillingPeriodSpec period) {

    public BillingSummaryQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(period, "period");
    }
}
