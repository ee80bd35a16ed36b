package io.tally.domain.plan;

import io.tally.domain.common.InvalidValueException;
import java.util.Locale;

/** A hard limit refuses usage past it; a soft one allows it and flags it. */
public enum Enforcement {
    HARD, SOFT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Enforcement fromWireName(String name, String field) {
        for (Enforcement enforcement : values()) {
            if (enforcement.wireName().equals(name)) {
                return enforcement;
            }
        }
        throw new InvalidValueException(field, "'" + name + "' is not an enforcement; one of hard, soft");
    }
}
