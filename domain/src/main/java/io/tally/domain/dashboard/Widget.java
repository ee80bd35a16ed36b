package io.tally.domain.dashboard;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One tile of a dashboard: an id unique in the dashboard, a title, how it shows its query ({@link WidgetType}), the
 * query ({@link WidgetSource}), a target for a card or gauge, its place on the grid, and for a line whether it shows the
 * forecast of its series (with their anomalies) after the finished buckets.
 */
public record Widget(String id, String title, WidgetType type, WidgetSource source, Optional<BigDecimal> target, Position position,
                     boolean forecast) {

    public static final int TITLE_MAX_LENGTH = 100;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public Widget {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidValueException("id", "must be 1-64 lower-case letters, digits, '_' and '-', starting with a letter or digit");
        }
        String problem = Text.labelProblem(title, TITLE_MAX_LENGTH);
        if (problem != null) {
            throw new InvalidValueException("title", problem);
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(position, "position");
        if (target.isPresent() && !type.takesTarget()) {
            throw new InvalidValueException("target", "only a metric_card or a gauge has a target");
        }
        if (forecast && type != WidgetType.LINE) {
            throw new InvalidValueException("forecast", "only a line widget has a forecast");
        }
    }

    /** A widget without a forecast. */
    public Widget(String id, String title, WidgetType type, WidgetSource source, Optional<BigDecimal> target, Position position) {
        this(id, title, type, source, target, position, false);
    }
}
