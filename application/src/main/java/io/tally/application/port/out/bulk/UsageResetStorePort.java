package io.tally.application.port.out.bulk;

import io.tally.domain.analytics.MeterKey;
import io.tally.domain.bulk.BulkOutcome;
import io.tally.domain.bulk.CustomerSelection;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.plan.ResetMark;
import io.tally.domain.plan.UsageReset;
import io.tally.domain.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Usage resets: the reset (kept as every bulk action's record is), the customers it applies to, and the resets in
 * force for a customer. Events are never touched. Every method joins the caller's transaction.
 */
public interface UsageResetStorePort extends BulkRunStorePort<UsageReset> {

    /**
     * Classifies the selected customers in one statement, set-based: the ids given in their order, or a plan's
     * customers by external id. Not found; skipped (no plan, a plan that is not defined, or a plan that limits none of
     * {@code meters}); or reset (applied). Unless {@code dryRun}, the reset customers are recorded under {@code reset}
     * in the same statement.
     */
    List<BulkOutcome> apply(TenantId tenant, UUID reset, CustomerSelection customers, List<MeterKey> meters, boolean dryRun);

    /** The resets in force (not reverted) for the customer, per meter they apply to. */
    Map<MeterKey, List<ResetMark>> marks(TenantId tenant, CustomerId customer);
}
