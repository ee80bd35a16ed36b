package io.tally.application.port.in.plan;

import io.tally.domain.plan.Plan;

/** Replaces a plan's name and limits. */
public interface ChangePlanUseCase {

    Plan changePlan(ChangePlanCommand command);
}
