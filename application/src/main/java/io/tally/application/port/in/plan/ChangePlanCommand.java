package io.tally.application.port.in.plan;

import io.tally.domain.access.Actor;
import io.tally.domain.plan.Plan;
import java.util.Objects;

/** A plan's new name and limits, all at once. */
public record ChangePlanCommand(Actor actor, Plan plan) {

    public ChangePlanCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(plan, "plan");
    }
}
