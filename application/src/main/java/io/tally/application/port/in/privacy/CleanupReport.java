package io.tally.application.port.in.privacy;

import io.tally.application.port.out.privacy.RetentionStorePort;
import io.tally.domain.tenant.Retention;
import java.time.Instant;
import java.util.Objects;

/** What a cleanup deleted (or, in a dry run, would delete) under the tenant's retention, and the cutoffs it used. */
public record CleanupReport(boolean dryRun, Instant at, Retention retention, RetentionStorePort.Cutoffs cutoffs, RetentionStorePort.Counts counts) {
    public CleanupReport {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(cutoffs, "cutoffs");
        Objects.requireNonNull(counts, "counts");
    }
}
