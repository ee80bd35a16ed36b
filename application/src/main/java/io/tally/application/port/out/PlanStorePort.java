package io.tally.application.port.out;

import io.tally.domain.plan.Plan;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A tenant's plans and their limits. */
public interface PlanStorePort {

    /** Stores a new plan; false when the tenant already has one with that key. */
    boolean create(TenantId tenant, Plan plan, Instant now);

    /** Replaces a plan's name and limits; false when there is no such plan. */
    boolean update(TenantId tenant, Plan plan, Instant now);

    Optional<Plan> find(TenantId tenant, String key);

    /** Every plan of the tenant, by key. */
    List<Plan> list(TenantId tenant);
}
