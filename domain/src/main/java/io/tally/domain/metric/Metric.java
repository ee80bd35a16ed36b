package io.tally.domain.metric;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import java.util.Objects;
import java.util.Optional;

/**
 * One figure of the catalogue: what it is called, what its numbers are ({@link MetricUnit}), which way is
 * good ({@link Polarity}), how it is computed ({@link Formula}) and how it is rounded. Every figure the API,
 * a report, a widget or an alert shows is a metric, built-in or the tenant's own.
 *
 * <p>{@code decimals}, when given, rounds every value half-up to that many places. Without it, a meter's value
 * is the meter's own (as it rounds it), and a derived value is rounded to its unit's default: 0 for counts, 2
 * otherwise, and money to its currency's minor unit.
 */
public record Metric(MetricKey key, String name, Optional<String> description, MetricUnit unit, Polarity polarity,
                     Optional<Integer> decimals, Formula formula, boolean builtIn) {

    public static final int NAME_MAX_LENGTH = 100;
    public static final int DESCRIPTION_MAX_LENGTH = 500;
    public static final int MAX_DECIMALS = 12;

    public Metric {
        Objects.requireNonNull(key, "key");
        String nameProblem = Text.labelProblem(name, NAME_MAX_LENGTH);
        if (nameProblem != null) {
            throw new InvalidValueException("name", nameProblem);
        }
        Objects.requireNonNull(description, "description");
        description.ifPresent(text -> {
            String problem = Text.labelProblem(text, DESCRIPTION_MAX_LENGTH);
            if (problem != null) {
                throw new InvalidValueException("description", problem);
            }
        });
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(polarity, "polarity");
        Objects.requireNonNull(decimals, "decimals");
        decimals.ifPresent(places -> {
            if (places < 0 || places > MAX_DECIMALS) {
                throw new InvalidValueException("decimals", "must be between 0 and " + MAX_DECIMALS);
            }
        });
        Objects.requireNonNull(formula, "formula");
        if (formula.references().contains(key)) {
            throw new InvalidValueException("formula", "'" + key + "' refers to itself");
        }
    }

    /** A name from a key when none is given: {@code net_adds} → "Net adds". */
    public static String nameFromKey(MetricKey key) {
        String spaced = key.value().replace('_', ' ');
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
