package io.tally.domain.alert;

import io.tally.domain.common.InvalidValueException;
import java.util.Locale;

/** How urgent a rule's notifications are. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromWireName(String name, String field) {
        for (Severity severity : values()) {
            if (severity.wireName().equals(name)) {
                return severity;
            }
        }
        throw new InvalidValueException(field, "'" + name + "' is not a severity; one of critical, high, medium, low");
    }
}
