package io.tally.application.port.in.plan;

import io.tally.domain.plan.Plan;
import java.util.List;

/** Every plan of the tenant, by key. */
public interface ListPlansUseCase {

    List<Plan> listPlans(ListPlansQuery query);
}
