package io.tally.domain.recommendation;

import java.util.Objects;
import java.util.Optional;

/**
 * One figure behind a recommendation: what it is ({@code label}), the metric it is of ({@code metric}: a metric's or a
 * meter's key, none for a figure that is not one, such as a limit), its value (a number, or a text such as a time slot),
 * its unit ({@code count}, {@code percent}, a currency's code, …) and the period or window it is over.
 */
public record Evidence(String label, Optional<String> metric, Object value, String unit, String over) {

    public Evidence {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(over, "over");
    }

    public static Evidence of(String label, String metric, Object value, String unit, String over) {
        return new Evidence(label, Optional.of(metric), value, unit, over);
    }
}
