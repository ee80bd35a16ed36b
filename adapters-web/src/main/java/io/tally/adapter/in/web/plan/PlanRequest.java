package io.tally.adapter.in.web.plan;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.plan.Enforcement;
import io.tally.domain.plan.LimitPeriod;
import io.tally.domain.plan.Plan;
import io.tally.domain.plan.PlanLimit;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A plan: {@code key} (taken from the path when updating), {@code name} and {@code limits}, each a meter, an
 * amount, a period ({@code calendar_month} or {@code billing_cycle}), an enforcement ({@code hard} or
 * {@code soft}, default hard) and {@code alert_at_pct}, the shares of the limit at which quota alerts go out.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record PlanRequest(@Nullable String key, @NotBlank String name, @Nullable List<@Valid LimitRequest> limits) {

    @Serdeable(naming = SnakeCaseStrategy.class)
    record LimitRequest(@NotBlank String meter, @NotNull BigDecimal amount, @NotBlank String period, @Nullable String enforcement,
                        @Nullable List<Integer> alertAtPct) {
    }

    Plan toPlan(String pathKey) {
        String planKey = pathKey != null ? pathKey : key;
        if (planKey == null) {
            throw new InvalidValueException("key", "is required");
        }
        if (pathKey != null && key != null && !key.equals(pathKey)) {
            throw new InvalidValueException("key", "must match the key in the path ('" + pathKey + "'), or be left out");
        }
        List<PlanLimit> planLimits = new ArrayList<>();
        List<LimitRequest> given = limits == null ? List.of() : limits;
        for (int i = 0; i < given.size(); i++) {
            LimitRequest limit = given.get(i);
            String prefix = "limits[" + i + "].";
            try {
                planLimits.add(new PlanLimit(MeterKey.of(limit.meter()), limit.amount(), LimitPeriod.fromWireName(limit.period(), prefix + "period"),
                        limit.enforcement() == null ? Enforcement.HARD : Enforcement.fromWireName(limit.enforcement(), prefix + "enforcement"),
                        limit.alertAtPct() == null ? List.of() : limit.alertAtPct()));
            } catch (InvalidValueException e) {
                // a bad meter key says "key"; in a limit that input is called "meter"
                throw e.field().startsWith(prefix) ? e
                        : e.forField(prefix + (e.field().isEmpty() || e.field().equals("key") ? "meter" : e.field()));
            }
        }
        return new Plan(planKey, name, planLimits);
    }
}
