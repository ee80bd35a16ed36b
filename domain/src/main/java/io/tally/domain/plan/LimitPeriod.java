package io.tally.domain.plan;

import io.tally.domain.common.InvalidValueException;
import java.util.Locale;

/** What a limit counts usage over: the calendar month in the customer's timezone, or its billing cycle. */
public enum LimitPeriod {
    CALENDAR_MONTH, BILLING_CYCLE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LimitPeriod fromWireName(String name, String field) {
        for (LimitPeriod period : values()) {
            if (period.wireName().equals(name)) {
                return period;
            }
        }
        throw new InvalidValueException(field, "'" + name + "' is not a limit period; one of calendar_month, billing_cycle");
    }
}
