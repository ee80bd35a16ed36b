package io.tally.domain.template;

import io.tally.domain.common.InvalidValueException;
import java.util.Locale;

/** Whom a report is about: one customer (named when it is asked for), or the whole account (the tenant). */
public enum TemplateScope {
    CUSTOMER,
    TENANT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TemplateScope fromWireName(String value, String field) {
        for (TemplateScope scope : values()) {
            if (scope.wireName().equals(value)) {
                return scope;
            }
        }
        throw new InvalidValueException(field, "must be customer or tenant");
    }
}
