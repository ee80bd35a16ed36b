package io.tally.domain.target;

import io.tally.domain.common.InvalidValueException;
import java.util.Locale;

/** Which side of a target's value is good: at least it ("calls per month ≥ 1,000"), or at most it ("failure share ≤ 2 %"). */
public enum TargetComparison {
    AT_LEAST, AT_MOST;

    /** Whether {@code value} meets a target of {@code target}. */
    public boolean meets(double value, double target) {
        return this == AT_LEAST ? value >= target : value <= target;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String symbol() {
        return this == AT_LEAST ? "≥" : "≤";
    }

    public static TargetComparison fromWireName(String value, String field) {
        for (TargetComparison comparison : values()) {
            if (comparison.wireName().equals(value)) {
                return comparison;
            }
        }
        throw new InvalidValueException(field, "must be at_least or at_most");
    }
}
