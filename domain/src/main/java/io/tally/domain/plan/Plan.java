package io.tally.domain.plan;

import io.tally.domain.analytics.MeterKey;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import io.tally.domain.customer.CustomerProfile;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A plan a tenant sells: its key (what customer profiles name in {@code plan}), a name, and at most
 * {@value #MAX_LIMITS} limits, one per meter.
 */
public record Plan(String key, String name, List<PlanLimit> limits) {

    public static final int MAX_LIMITS = 20;
    public static final int NAME_MAX_LENGTH = 100;

    public Plan {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        limits = List.copyOf(limits);
        if (!CustomerProfile.isValidPlanKey(key)) {
            throw new InvalidValueException("key", "'" + key + "' is not a plan key (1-" + CustomerProfile.PLAN_MAX_LENGTH
                    + " letters, digits, '.', '_', ':' or '-', starting with a letter or digit)");
        }
        String problem = Text.labelProblem(name, NAME_MAX_LENGTH);
        if (problem != null) {
            throw new InvalidValueException("name", problem);
        }
        if (limits.size() > MAX_LIMITS) {
            throw new InvalidValueException("limits", "a plan has at most " + MAX_LIMITS + " limits");
        }
        Set<MeterKey> meters = new HashSet<>();
        for (int i = 0; i < limits.size(); i++) {
            if (!meters.add(limits.get(i).meter())) {
                throw new InvalidValueException("limits[" + i + "].meter", "'" + limits.get(i).meter().value()
                        + "' is limited twice; a plan has one limit per meter");
            }
        }
    }

    public Optional<PlanLimit> limitOf(MeterKey meter) {
        return limits.stream().filter(limit -> limit.meter().equals(meter)).findFirst();
    }
}
