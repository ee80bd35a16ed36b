package io.tally.domain.billing;

import io.tally.domain.common.InvalidValueException;
import java.util.Locale;

/** How often a subscription's price is charged: every {@code interval_count} days, weeks, months or years. */
public enum BillingInterval {
    DAY(365), WEEK(52), MONTH(12), YEAR(1);

    private final int perYear;

    BillingInterval(int perYear) {
        this.perYear = perYear;
    }

    /** How many of these intervals a year has, for the monthly normalisation (a year is 365 days or 52 weeks). */
    public int perYear() {
        return perYear;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BillingInterval fromWireName(String name) {
        for (BillingInterval interval : values()) {
            if (interval.wireName().equals(name)) {
                return interval;
            }
        }
        throw new InvalidValueException("interval", "must be one of day, week, month, year");
    }
}
