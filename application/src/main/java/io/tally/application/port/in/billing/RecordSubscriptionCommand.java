package io.tally.application.port.in.billing;

import io.tally.domain.access.Actor;
import io.tally.domain.billing.SubscriptionVersion;
import java.util.Objects;

/** A version of a subscription, sent by the billing system. */
public record RecordSubscriptionCommand(Actor actor, SubscriptionVersion version) {

    public RecordSubscriptionCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(version, "version");
    }
}
