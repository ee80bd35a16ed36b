package io.tally.domain.alert;

import io.tally.domain.common.InvalidValueException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The span a rule's value is measured over, ending when it is evaluated: the last hour or 24 hours (instants), today,
 * the last 7 or 30 days, this month (local days in the subject's timezone), or the customer's current limit period (the
 * calendar month or billing cycle its plan limit counts in). The previous window, for {@code change_pct_…}, is the span
 * of the same length just before.
 */
public enum AlertWindow {
    LAST_HOUR, LAST_24_HOURS, TODAY, LAST_7_DAYS, LAST_30_DAYS, THIS_MONTH, CURRENT_LIMIT_PERIOD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertWindow fromWireName(String name, String field) {
        for (AlertWindow window : values()) {
            if (window.wireName().equals(name)) {
                return window;
            }
        }
        throw new InvalidValueException(field, "'" + name + "' is not a window; one of "
                + Arrays.stream(values()).map(AlertWindow::wireName).collect(Collectors.joining(", ")));
    }
}
