package io.tally.domain.report;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A headline number: a label, its value and type (count, percent, seconds, money, MB), and, when the report
 * compares periods, the previous period's value and the growth from it in percent (empty when undefined:
 * no previous value, or a previous value of zero).
 */
public record KeyFigure(String label, ValueType type, Cell value, Optional<Cell> previous, Optional<BigDecimal> growthPct) {

    public KeyFigure {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(growthPct, "growthPct");
        if (!type.isNumeric()) {
            throw new IllegalArgumentException("a key figure is a number or money, not " + type);
        }
        if (!type.accepts(value) || previous.filter(p -> !type.accepts(p)).isPresent()) {
            throw new IllegalArgumentException("key figure '" + label + "' holds a value that is not " + type);
        }
    }

    /** A figure without a comparison. */
    public static KeyFigure of(String label, ValueType type, Cell value) {
        return new KeyFigure(label, type, value, Optional.empty(), Optional.empty());
    }

    /** A figure compared with the period before. */
    public static KeyFigure compared(String label, ValueType type, Cell value, Cell previous, BigDecimal growthPct) {
        return new KeyFigure(label, type, value, Optional.of(previous), Optional.ofNullable(growthPct));
    }
}
