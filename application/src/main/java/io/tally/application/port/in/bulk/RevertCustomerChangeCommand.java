package io.tally.application.port.in.bulk;

import io.tally.domain.access.Actor;
import java.util.Objects;
import java.util.UUID;

/** Undo a customer change: the customers it changed get their plan and status from before it again. */
public record RevertCustomerChangeCommand(Actor actor, UUID id) {

    public RevertCustomerChangeCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
    }
}
