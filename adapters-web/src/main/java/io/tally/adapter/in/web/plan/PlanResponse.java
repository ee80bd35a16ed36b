package io.tally.adapter.in.web.plan;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.domain.plan.Plan;
import java.math.BigDecimal;
import java.util.List;

/** A plan as the API shows it. */
@Serdeable(naming = SnakeCaseStrategy.class)
record PlanResponse(String key, String name, List<LimitResponse> limits) {

    @Serdeable(naming = SnakeCaseStrategy.class)
    record LimitResponse(String meter, BigDecimal amount, String period, String enforcement, List<Integer> alertAtPct) {
    }

    static PlanResponse of(Plan plan) {
        return new PlanResponse(plan.key(), plan.name(), plan.limits().stream().map(limit -> new LimitResponse(limit.meter().value(),
                limit.amount(), limit.period().wireName(), limit.enforcement().wireName(), limit.alertAtPct())).toList());
    }
}
