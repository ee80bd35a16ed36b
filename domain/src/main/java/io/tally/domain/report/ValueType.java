package io.tally.domain.report;

import io.tally.domain.metric.MetricUnit;

/**
 * What a column or a key figure holds, and so how it is shown: numbers are right-aligned and stay numbers
 * in CSV; {@link #MONEY} is an amount with its currency; {@link #DATETIME} is an instant shown in the
 * report's timezone.
 */
public enum ValueType {
    TEXT("text"),
    COUNT("count"),
    DECIMAL("number"),
    PERCENT("percent"),
    SECONDS("seconds"),
    MEGABYTES("MB"),
    MONEY("money"),
    DATE("date"),
    DATETIME("datetime");

    private final String unit;

    ValueType(String unit) {
        this.unit = unit;
    }

    /** How a metric's values are shown: its unit as a value type. */
    public static ValueType of(MetricUnit unit) {
        return switch (unit) {
            case COUNT -> COUNT;
            case NUMBER -> DECIMAL;
            case MONEY -> MONEY;
            case PERCENT -> PERCENT;
            case SECONDS -> SECONDS;
            case MEGABYTES -> MEGABYTES;
        };
    }

    /** The unit's name as reports print it: {@code count}, {@code percent}, {@code seconds}, {@code MB}… */
    public String unit() {
        return unit;
    }

    /** Whether cells of this type are plain numbers ({@link Cell.Number}). */
    public boolean isNumber() {
        return switch (this) {
            case COUNT, DECIMAL, PERCENT, SECONDS, MEGABYTES -> true;
            default -> false;
        };
    }

    /** Whether this type is shown right-aligned (numbers and money). */
    public boolean isNumeric() {
        return isNumber() || this == MONEY;
    }

    /** Whether a cell can sit in a column of this type; an empty cell fits every type. */
    public boolean accepts(Cell cell) {
        return switch (cell) {
            case Cell.Empty empty -> true;
            case Cell.Text text -> this == TEXT;
            case Cell.Number number -> isNumber();
            case Cell.Amount amount -> this == MONEY;
            case Cell.Day day -> this == DATE;
            case Cell.Moment moment -> this == DATETIME;
        };
    }
}
