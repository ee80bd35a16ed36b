package io.tally.domain.bulk;

import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.customer.CustomerStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * An admin's change of many customers' plan, status or both at once. Every customer it changed is kept with its plan
 * and status from before and after, so that a revert can put them back: each one whose plan and status are still what
 * this change left (and who was not erased since) gets its before values again; one changed since is kept as it is
 * now, as is one erased since.
 *
 * @param plan the plan every selected customer is moved to, if the change sets one
 * @param status the status every selected customer gets, if the change sets one
 * @param restoration what the revert did, once the change is reverted
 */
public record CustomerChange(BulkRun run, Optional<String> plan, Optional<CustomerStatus> status, Optional<Restoration> restoration) {

    public CustomerChange {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(restoration, "restoration");
        if (plan.isEmpty() && status.isEmpty()) {
            throw new IllegalArgumentException("a customer change sets a plan, a status or both");
        }
        plan.filter(key -> !CustomerProfile.isValidPlanKey(key)).ifPresent(key -> {
            throw new IllegalArgumentException("'" + key + "' is not a plan key");
        });
    }

    public CustomerChange withRun(BulkRun run) {
        return new CustomerChange(run, plan, status, restoration);
    }

    /** Reverting a change: how many customers were put back, and how many were kept as they were (changed or erased since). */
    public record Restoration(int restored, int kept) {
    }
}
