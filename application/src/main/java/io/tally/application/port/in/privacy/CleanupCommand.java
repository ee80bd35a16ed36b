package io.tally.application.port.in.privacy;

import io.tally.domain.access.Actor;
import java.util.Objects;

/** Runs the tenant's retention cleanup now; with {@code dryRun}, only counts what it would delete. */
public record CleanupCommand(Actor actor, boolean dryRun) {
    public CleanupCommand {
        Objects.requireNonNull(actor, "actor");
    }
}
