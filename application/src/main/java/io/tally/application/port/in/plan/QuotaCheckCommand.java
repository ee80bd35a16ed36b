package io.tally.application.port.in.plan;

import io.tally.domain.access.Actor;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.customer.CustomerId;
import java.math.BigDecimal;
import java.util.Objects;

/** May the customer use {@code amount} more of the meter? With {@code reserve}, record that usage if so, in the same step. */
public record QuotaCheckCommand(Actor actor, CustomerId customer, MeterKey meter, BigDecimal amount, boolean reserve) {

    public QuotaCheckCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(amount, "amount");
    }
}
