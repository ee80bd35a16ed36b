package io.tally.application.port.in.plan;

import io.tally.domain.plan.Plan;

/** One plan. */
public interface GetPlanUseCase {

    Plan getPlan(GetPlanQuery query);
}
