package io.tally.application.port.out.bulk;

import io.tally.domain.bulk.BulkOutcome;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The records of one kind of admin bulk action over customers ({@code R}: a usage reset, a customer change), what
 * every such kind keeps alike: each record stored under the idempotency key of the request that made it, with the
 * request's hash; its counts and per-customer result, given again on a replay; newest first for the listing; and
 * whether and by whom it was reverted. Every method joins the caller's transaction.
 */
public interface BulkRunStorePort<R> {

    /** The record stored under this idempotency key, with the request hash it was made with. */
    Optional<Stored<R>> findByIdempotencyKey(TenantId tenant, String idempotencyKey);

    /**
     * Stores the record (not applied yet) under its idempotency key unless the key is taken (by an earlier or a
     * concurrent request, whose transaction this waits for); returns whether it was stored.
     */
    boolean insert(TenantId tenant, R run, String idempotencyKey, String requestHash);

    /** Records the counts and the per-customer result of a stored record, for replays and lookups. */
    void complete(TenantId tenant, UUID id, List<BulkOutcome> outcomes);

    Optional<R> find(TenantId tenant, UUID id);

    /** The per-customer result recorded with a record. */
    List<BulkOutcome> outcomes(TenantId tenant, UUID id);

    /** Records newest first, after the cursor (a record's id; an unknown one gives nothing), at most {@code limit}. */
    List<R> list(TenantId tenant, Optional<UUID> after, int limit);

    /** Marks a record reverted unless it already is; returns whether this call reverted it (a concurrent call waits for this one). */
    boolean revert(TenantId tenant, UUID id, String actor, Instant at);

    /** A record with the hash of the request that made it. */
    record Stored<R>(R run, String requestHash) {
    }
}
