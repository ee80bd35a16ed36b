package io.tally.application.port.in.reset;

import io.tally.domain.access.Actor;
import java.util.Objects;
import java.util.UUID;

/** Undo a reset: usage counts as if it never happened. */
public record RevertUsageResetCommand(Actor actor, UUID id) {

    public RevertUsageResetCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
    }
}
