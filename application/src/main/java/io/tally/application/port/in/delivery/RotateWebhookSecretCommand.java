package io.tally.application.port.in.delivery;

import io.tally.domain.access.Actor;
import java.util.Objects;

/** Creates or replaces the tenant's webhook signing secret. */
public record RotateWebhookSecretCommand(Actor actor) {

    public RotateWebhookSecretCommand {
        Objects.requireNonNull(actor, "actor");
    }
}
