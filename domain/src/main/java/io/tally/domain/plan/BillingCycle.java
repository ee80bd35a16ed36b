package io.tally.domain.plan;

import java.time.Instant;
import java.time.Period;
import java.util.Objects;

/** A billing cycle: its anchor (the subscription's start) and its length (the interval times its count). */
public record BillingCycle(Instant anchor, Period length) {

    public BillingCycle {
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(length, "length");
        if (length.isZero() || length.isNegative()) {
            throw new IllegalArgumentException("a billing cycle has a positive length");
        }
    }
}
