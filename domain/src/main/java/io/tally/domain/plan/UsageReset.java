package io.tally.domain.plan;

import io.tally.domain.analytics.MeterKey;
import io.tally.domain.bulk.BulkRun;
import java.util.List;
import java.util.Objects;

/**
 * An admin's reset of customers' counted usage on some meters, at the run's {@code createdAt}: a marker the limit
 * computations honour until it is reverted; no event is deleted. The run (who, why, which customers, when, the
 * counts, the revert) is what every bulk action over customers has.
 */
public record UsageReset(BulkRun run, ResetType type, List<MeterKey> meters) {

    public UsageReset {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(type, "type");
        meters = List.copyOf(meters);
    }

    public UsageReset withRun(BulkRun run) {
        return new UsageReset(run, type, meters);
    }
}
