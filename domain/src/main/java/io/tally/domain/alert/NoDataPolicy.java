package io.tally.domain.alert;

import io.tally.domain.common.InvalidValueException;
import java.util.Locale;

/**
 * What an evaluation without a value (a ratio with a zero denominator, no limit to compare with) means to a rule:
 * {@code no_data} (the default) is a state of its own that neither fires nor resolves; {@code ok} and {@code breaching}
 * count it as a safe value or as a breach.
 */
public enum NoDataPolicy {
    NO_DATA, OK, BREACHING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NoDataPolicy fromWireName(String name, String field) {
        for (NoDataPolicy policy : values()) {
            if (policy.wireName().equals(name)) {
                return policy;
            }
        }
        throw new InvalidValueException(field, "'" + name + "' is not a no-data policy; one of no_data, ok, breaching");
    }
}
