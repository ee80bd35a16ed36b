package io.tally.domain.plan;

import io.tally.domain.common.InvalidValueException;
import java.util.Locale;

/**
 * {@link #USAGE}: the usage counted in the current period starts again from the reset; the period keeps its
 * window. {@link #PERIOD}: a new period starts at the reset, and the following ones are anchored on it.
 */
public enum ResetType {
    USAGE, PERIOD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ResetType fromWireName(String name, String field) {
        for (ResetType type : values()) {
            if (type.wireName().equals(name)) {
                return type;
            }
        }
        throw new InvalidValueException(field, "'" + name + "' is not a reset type; one of usage, period");
    }
}
