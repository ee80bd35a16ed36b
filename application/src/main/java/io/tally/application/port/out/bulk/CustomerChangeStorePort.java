package io.tally.application.port.out.bulk;

import io.tally.domain.bulk.BulkOutcome;
import io.tally.domain.bulk.CustomerChange;
import io.tally.domain.bulk.CustomerSelection;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Customer changes: the change (kept as every bulk action's record is) and, per customer it changed, its plan and
 * status before and after. Every method joins the caller's transaction.
 */
public interface CustomerChangeStorePort extends BulkRunStorePort<CustomerChange> {

    /**
     * Classifies the selected customers set-based, in a few statements whatever their number: the ids given in their
     * order, or a plan's customers by external id. Not found; skipped when erased, or when they already have what the
     * change sets; else changed (applied). Unless {@code dryRun}, the changed customers get the change's plan and
     * status (and {@code updated_at} = {@code now}), and each one's plan and status before and after are recorded under
     * the change; their rows stay locked until the transaction ends.
     */
    List<BulkOutcome> apply(TenantId tenant, CustomerChange change, CustomerSelection customers, boolean dryRun, Instant now);

    /**
     * Puts back the plan and status from before the change of each customer it changed whose plan and status are
     * still what the change left and who was not erased since (applied: restored); the others are kept as they are
     * (skipped, with why). Set-based; records the restoration's counts with the change. By external id.
     */
    List<BulkOutcome> restore(TenantId tenant, UUID change, Instant now);
}
