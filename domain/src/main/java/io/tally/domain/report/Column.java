package io.tally.domain.report;

import io.tally.domain.common.InvalidValueException;
import java.util.Objects;

/** A table column: its heading and the type of its cells. */
public record Column(String name, ValueType type) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new InvalidValueException("a column needs a name");
        }
    }

    public static Column of(String name, ValueType type) {
        return new Column(name, type);
    }
}
