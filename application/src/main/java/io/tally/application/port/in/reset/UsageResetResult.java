package io.tally.application.port.in.reset;

import io.tally.domain.plan.ResetOutcome;
import io.tally.domain.plan.UsageReset;
import java.util.List;
import java.util.Optional;

/**
 * What a reset did (or, for a dry run, would do) per customer id given. {@code reset} is empty for a dry run;
 * {@code replayed} tells that the idempotency key had been used and this is the first request's result.
 */
public record UsageResetResult(Optional<UsageReset> reset, boolean dryRun, boolean replayed, UsageReset.Counts counts,
                               List<ResetOutcome> outcomes) {

    public UsageResetResult {
        outcomes = List.copyOf(outcomes);
    }
}
