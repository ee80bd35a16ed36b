package io.tally.application.port.in.plan;

import io.tally.domain.access.Actor;
import io.tally.domain.plan.Plan;
import java.util.Objects;

/** A new plan. */
public record DefinePlanCommand(Actor actor, Plan plan) {

    public DefinePlanCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(plan, "plan");
    }
}
