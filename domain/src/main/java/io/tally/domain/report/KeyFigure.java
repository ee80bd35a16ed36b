package io.tally.domain.report;

import io.tally.domain.metric.Polarity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A headline number: a label, its value and type (count, percent, seconds, money, MB), and, when the report
 * compares periods, the previous period's value and the growth from it in percent (empty when undefined:
 * no previous value, or a previous value of zero), and which way is good ({@link Polarity}), so that a fall of
 * something bad shows as good news.
 */
public record KeyFigure(String label, ValueType type, Cell value, Optional<Cell> previous, Optional<BigDecimal> growthPct,
                        Polarity polarity) {

    public KeyFigure {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(growthPct, "growthPct");
        Objects.requireNonNull(polarity, "polarity");
        if (!type.isNumeric()) {
            throw new IllegalArgumentException("a key figure is a number or money, not " + type);
        }
        if (!type.accepts(value) || previous.filter(p -> !type.accepts(p)).isPresent()) {
            throw new IllegalArgumentException("key figure '" + label + "' holds a value that is not " + type);
        }
    }

    /** A figure without a comparison. */
    public static KeyFigure of(String label, ValueType type, Cell value) {
        return new KeyFigure(label, type, value, Optional.empty(), Optional.empty(), Polarity.NEUTRAL);
    }

    /** A figure without a comparison, of a metric that should go this way. */
    public static KeyFigure of(String label, ValueType type, Cell value, Polarity polarity) {
        return new KeyFigure(label, type, value, Optional.empty(), Optional.empty(), polarity);
    }

    /** A figure compared with the period before, where more is better. */
    public static KeyFigure compared(String label, ValueType type, Cell value, Cell previous, BigDecimal growthPct) {
        return compared(label, type, value, previous, growthPct, Polarity.HIGHER_IS_BETTER);
    }

    /** A figure compared with the period before, of a metric that should go this way. */
    public static KeyFigure compared(String label, ValueType type, Cell value, Cell previous, BigDecimal growthPct, Polarity polarity) {
        return new KeyFigure(label, type, value, Optional.of(previous), Optional.ofNullable(growthPct), polarity);
    }

    /** The unit as a report prints it: the type's ({@code count}, {@code percent}…), or for money the currency code of the value, else of the previous value. */
    public String unitName() {
        if (type == ValueType.MONEY) {
            for (Cell cell : List.of(value, previous.orElse(Cell.EMPTY))) {
                if (cell instanceof Cell.Amount(io.tally.domain.common.Money money)) {
                    return money.currency().value();
                }
            }
        }
        return type.unit();
    }

    /** How the change should be read: good, bad or neither, by the growth's sign and the polarity. */
    public Polarity.Verdict verdict() {
        return polarity.judge(growthPct.orElse(null));
    }
}
