package io.tally.domain.bulk;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One run of an admin's bulk action over customers (a usage reset, a customer change): who made it in which request,
 * why, over which customers ({@code scope}: "3 customer ids", "plan basic"), when, with what counts, and whether and
 * by whom it was reverted.
 *
 * <p>Its times are kept to the microsecond, as PostgreSQL keeps them, so the run as first answered and as read back (a
 * replay, a lookup) are the same.
 *
 * @param counts how many customers it applied to, did not find and skipped (zero until the run is complete)
 */
public record BulkRun(UUID id, String reason, String actor, String requestId, String scope, Instant createdAt, BulkCounts counts,
                      Optional<Instant> revertedAt, Optional<String> revertedBy) {

    public static final int REASON_MAX_LENGTH = 500;

    public BulkRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(scope, "scope");
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(counts, "counts");
        revertedAt = Objects.requireNonNull(revertedAt, "revertedAt").map(at -> at.truncatedTo(ChronoUnit.MICROS));
        Objects.requireNonNull(revertedBy, "revertedBy");
    }

    /** A run not applied yet: no counts, not reverted. */
    public static BulkRun started(UUID id, String reason, String actor, String requestId, String scope, Instant createdAt) {
        return new BulkRun(id, reason, actor, requestId, scope, createdAt, BulkCounts.NONE, Optional.empty(), Optional.empty());
    }

    public BulkRun withCounts(BulkCounts counts) {
        return new BulkRun(id, reason, actor, requestId, scope, createdAt, counts, revertedAt, revertedBy);
    }
}
