package io.tally.application.port.in.bulk;

import io.tally.domain.bulk.BulkCounts;
import io.tally.domain.bulk.BulkOutcome;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an admin's bulk action over customers did (or, for a dry run, would do) per customer selected, with its
 * record ({@code R}: a usage reset, a customer change). {@code run} is empty for a dry run; {@code replayed} tells
 * that the idempotency key had been used and this is the first request's result.
 */
public record BulkResult<R>(Optional<R> run, boolean dryRun, boolean replayed, BulkCounts counts, List<BulkOutcome> outcomes) {

    public BulkResult {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(counts, "counts");
        outcomes = List.copyOf(outcomes);
    }
}
