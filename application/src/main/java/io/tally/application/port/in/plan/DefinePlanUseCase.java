package io.tally.application.port.in.plan;

import io.tally.domain.plan.Plan;

/** Defines a plan; a key already used is a conflict. */
public interface DefinePlanUseCase {

    Plan definePlan(DefinePlanCommand command);
}
