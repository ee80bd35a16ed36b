package io.tally.domain.analytics;

import io.tally.domain.common.InvalidValueException;
import java.util.Locale;

/** How a period is cut: hours, local days, weeks from Monday, calendar months. */
public enum BucketSize {
    HOUR,
    DAY,
    WEEK,
    MONTH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BucketSize fromWireName(String value) {
        for (BucketSize size : values()) {
            if (size.wireName().equals(value)) {
                return size;
            }
        }
        throw new InvalidValueException("bucket", "must be one of hour, day, week, month");
    }
}
