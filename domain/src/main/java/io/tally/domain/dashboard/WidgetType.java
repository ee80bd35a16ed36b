package io.tally.domain.dashboard;

import io.tally.domain.common.InvalidValueException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a widget shows its query: one number against the period before ({@link #METRIC_CARD}), the same against a
 * target ({@link #GAUGE}), buckets as lines or bars ({@link #LINE}, {@link #BAR}), the groups' shares of the
 * period ({@link #PIE}), or groups as rows ({@link #TABLE}).
 */
public enum WidgetType {
    METRIC_CARD,
    LINE,
    BAR,
    PIE,
    GAUGE,
    TABLE;

    /** Whether a target (a goal to compare the value with) makes sense for it. */
    public boolean takesTarget() {
        return this == METRIC_CARD || this == GAUGE;
    }

    /** Whether it shows the period against the one before. */
    public boolean compares() {
        return this == METRIC_CARD || this == GAUGE;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WidgetType fromWireName(String value, String field) {
        for (WidgetType type : values()) {
            if (type.wireName().equals(value)) {
                return type;
            }
        }
        throw new InvalidValueException(field, "must be one of " + Arrays.stream(values()).map(WidgetType::wireName)
                .collect(Collectors.joining(", ")));
    }
}
