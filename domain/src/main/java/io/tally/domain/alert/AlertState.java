package io.tally.domain.alert;

import java.util.Locale;

/**
 * The state of one subject of a rule (the tenant, or a customer): {@code ok}; {@code pending}, breaching fewer times in a
 * row than the rule's {@code for_evaluations}; {@code firing}; {@code no_data}, evaluated without a value.
 */
public enum AlertState {
    OK, PENDING, FIRING, NO_DATA;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertState fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
