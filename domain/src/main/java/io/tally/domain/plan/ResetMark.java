package io.tally.domain.plan;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A reset (not reverted) that applies to one customer's limit on one meter. */
public record ResetMark(UUID reset, ResetType type, Instant at) {

    public ResetMark {
        Objects.requireNonNull(reset, "reset");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }
}
