package io.tally.application.port.out;

import io.tally.domain.analytics.MeterKey;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.plan.ResetMark;
import io.tally.domain.plan.ResetOutcome;
import io.tally.domain.plan.UsageReset;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Usage resets: the reset, the customers it applies to, and the result given for its idempotency key. Events
 * are never touched. Every method joins the caller's transaction.
 */
public interface UsageResetStorePort {

    /** The reset stored under this idempotency key, with the request hash it was made with. */
    Optional<StoredReset> findByIdempotencyKey(TenantId tenant, String idempotencyKey);

    /**
     * Stores the reset under its idempotency key unless the key is taken (by an earlier or a concurrent
     * request, whose transaction this waits for); returns whether it was stored.
     */
    boolean insert(TenantId tenant, UsageReset reset, String idempotencyKey, String requestHash);

    /**
     * Classifies the customers in one statement, set-based, in the order given (ids distinct): not found;
     * skipped (no plan, a plan that is not defined, or a plan that limits none of {@code meters}); or reset.
     * Unless {@code dryRun}, the reset customers are recorded under {@code reset} in the same statement.
     */
    List<ResetOutcome> applyToCustomers(TenantId tenant, UUID reset, List<CustomerId> customers, List<MeterKey> meters, boolean dryRun);

    /** The same for every customer whose profile names {@code plan}, in external id order. */
    List<ResetOutcome> applyToPlan(TenantId tenant, UUID reset, String plan, List<MeterKey> meters, boolean dryRun);

    /** Records the outcome counts and the per-customer result of a stored reset, for replays. */
    void complete(TenantId tenant, UUID reset, List<ResetOutcome> outcomes);

    Optional<UsageReset> find(TenantId tenant, UUID reset);

    /** The per-customer result recorded with a reset. */
    List<ResetOutcome> outcomes(TenantId tenant, UUID reset);

    /** Resets newest first, after the cursor (a reset's id), at most {@code limit}. */
    List<UsageReset> list(TenantId tenant, Optional<UUID> after, int limit);

    /** Marks a reset reverted unless it already is; returns whether this call reverted it. */
    boolean revert(TenantId tenant, UUID reset, String actor, Instant at);

    /** The resets in force (not reverted) for the customer, per meter they apply to. */
    Map<MeterKey, List<ResetMark>> marks(TenantId tenant, CustomerId customer);

    /** A reset with the hash of the request that made it. */
    record StoredReset(UsageReset reset, String requestHash) {
    }
}
