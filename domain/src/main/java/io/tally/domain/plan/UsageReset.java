package io.tally.domain.plan;

import io.tally.domain.analytics.MeterKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An admin's reset of customers' counted usage on some meters, at {@code createdAt}: a marker the limit
 * computations honour until it is reverted; no event is deleted.
 *
 * <p>Its times are kept to the microsecond, as PostgreSQL keeps them, so the reset as first answered and as read
 * back (a replay, a lookup) are the same.
 *
 * @param scope what the request named: "customer_ids" (with how many) or "plan" (with the plan)
 * @param counts how many customers were reset, not found and skipped (zero until the reset is complete)
 */
public record UsageReset(UUID id, ResetType type, List<MeterKey> meters, String reason, String actor, String requestId, String scope,
                         Instant createdAt, Counts counts, Optional<Instant> revertedAt, Optional<String> revertedBy) {

    public static final int REASON_MAX_LENGTH = 500;

    public UsageReset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        meters = List.copyOf(meters);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(scope, "scope");
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(counts, "counts");
        revertedAt = Objects.requireNonNull(revertedAt, "revertedAt").map(at -> at.truncatedTo(ChronoUnit.MICROS));
        Objects.requireNonNull(revertedBy, "revertedBy");
    }

    /** Customers reset, not found and skipped. */
    public record Counts(int reset, int notFound, int skipped) {

        public static Counts of(List<ResetOutcome> outcomes) {
            int reset = 0;
            int notFound = 0;
            int skipped = 0;
            for (ResetOutcome outcome : outcomes) {
                switch (outcome.status()) {
                    case RESET -> reset++;
                    case NOT_FOUND -> notFound++;
                    case SKIPPED -> skipped++;
                }
            }
            return new Counts(reset, notFound, skipped);
        }
    }
}
