package io.tally.domain.bulk;

import java.util.Objects;
import java.util.Optional;

/**
 * What a bulk action did for one customer it selected: applied it (a usage reset reset it, a customer change changed
 * it), did not find it, or skipped it with the reason.
 */
public record BulkOutcome(String customer, Status status, Optional<String> reason) {

    public enum Status {
        APPLIED, NOT_FOUND, SKIPPED
    }

    public BulkOutcome {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }
}
