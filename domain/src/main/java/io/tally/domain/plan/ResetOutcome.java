package io.tally.domain.plan;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** What a reset did for one customer id it was given: reset, not found, or skipped with the reason. */
public record ResetOutcome(String customer, Status status, Optional<String> reason) {

    public enum Status {
        RESET, NOT_FOUND, SKIPPED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ResetOutcome {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }
}
