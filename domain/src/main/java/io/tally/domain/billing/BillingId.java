package io.tally.domain.billing;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import java.util.Objects;

/**
 * The billing system's id of a subscription or a payment: 1 to 255 characters, no control characters, no
 * '/', no leading or trailing spaces (the rules of customer ids, since it appears in URLs the same way).
 */
public record BillingId(String value) implements Comparable<BillingId> {

    public static final int MAX_LENGTH = 255;

    public BillingId {
        Objects.requireNonNull(value, "value");
        String problem = Text.identifierProblem(value, MAX_LENGTH);
        if (problem != null) {
            throw new InvalidValueException("id", "an id " + problem);
        }
    }

    public static BillingId of(String value) {
        return new BillingId(value);
    }

    @Override
    public int compareTo(BillingId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
