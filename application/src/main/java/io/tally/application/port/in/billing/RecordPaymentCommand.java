package io.tally.application.port.in.billing;

import io.tally.domain.access.Actor;
import io.tally.domain.billing.Payment;
import java.util.Objects;

/** A payment, new or updated (a refund arrives as an update), sent by the billing system. */
public record RecordPaymentCommand(Actor actor, Payment payment) {

    public RecordPaymentCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(payment, "payment");
    }
}
