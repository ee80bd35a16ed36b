package io.tally.domain.billing;

import io.tally.domain.common.Money;
import java.util.Objects;
import java.time.Instant;

/** Money given back on a payment. A refund is known by its amount and time; the same pair twice is one refund. */
public record Refund(Money amount, Instant refundedAt) implements Comparable<Refund> {

    public Refund {
        Objects.requireNonNull(amount, "amount");
        refundedAt = Times.micros(Objects.requireNonNull(refundedAt, "refundedAt"));
        amount = new Money(amount.amount().stripTrailingZeros(), amount.currency());
    }

    @Override
    public int compareTo(Refund other) {
        int byTime = refundedAt.compareTo(other.refundedAt);
        return byTime != 0 ? byTime : amount.amount().compareTo(other.amount.amount());
    }
}
