package io.tally.domain.alert;

import io.tally.domain.common.InvalidValueException;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * When a rule breaches and when it is safe again. A value breaches when it is strictly beyond {@code threshold}
 * ({@code above}: greater; {@code below}: less; equality never breaches). A firing rule resolves when the value is on the
 * safe side of {@code clearThreshold} (at or below it for an upward rule, at or above it for a downward one), else of
 * the threshold: the gap between the two is the hysteresis that keeps a value wobbling around the threshold from
 * flapping. It fires after {@code forEvaluations} breaches in a row.
 */
public record AlertCondition(AlertOp op, BigDecimal threshold, Optional<BigDecimal> clearThreshold, int forEvaluations, NoDataPolicy noData) {

    public static final int MAX_FOR_EVALUATIONS = 100;

    public AlertCondition {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(clearThreshold, "clearThreshold");
        Objects.requireNonNull(noData, "noData");
        if (forEvaluations < 1 || forEvaluations > MAX_FOR_EVALUATIONS) {
            throw new InvalidValueException("condition.for_evaluations", "must be 1 to " + MAX_FOR_EVALUATIONS);
        }
        if (clearThreshold.isPresent()) {
            int side = clearThreshold.get().compareTo(threshold);
            if (op.isUpward() && side >= 0) {
                throw new InvalidValueException("condition.clear_threshold", "must be below the threshold (" + threshold.toPlainString()
                        + ") for '" + op.wireName() + "': a firing alert resolves once the value is at or below it");
            }
            if (!op.isUpward() && side <= 0) {
                throw new InvalidValueException("condition.clear_threshold", "must be above the threshold (" + threshold.toPlainString()
                        + ") for '" + op.wireName() + "': a firing alert resolves once the value is at or above it");
            }
        }
    }

    /** Whether a value is a breach: strictly beyond the threshold. */
    public boolean breaches(BigDecimal value) {
        int side = value.compareTo(threshold);
        return op.isUpward() ? side > 0 : side < 0;
    }

    /** Whether a value resolves a firing alert: on the safe side of the clear threshold (or of the threshold), equality included. */
    public boolean clears(BigDecimal value) {
        BigDecimal bound = clearThreshold.orElse(threshold);
        int side = value.compareTo(bound);
        return op.isUpward() ? side <= 0 : side >= 0;
    }
}
