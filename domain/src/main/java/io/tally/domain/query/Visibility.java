package io.tally.domain.query;

import io.tally.domain.common.InvalidValueException;
import java.util.Locale;

/** Who sees a saved thing: its owner only, or everyone of the tenant. */
public enum Visibility {
    PRIVATE,
    TENANT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Visibility fromWireName(String value, String field) {
        for (Visibility visibility : values()) {
            if (visibility.wireName().equals(value)) {
                return visibility;
            }
        }
        throw new InvalidValueException(field, "must be private or tenant");
    }
}
