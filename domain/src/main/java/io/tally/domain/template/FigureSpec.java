package io.tally.domain.template;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import io.tally.domain.metric.MetricKey;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A key figure of a report: a metric over the report's period ({@code label}, else the metric's name), against the
 * period before unless {@code compare} is false, of the events matching {@code filters}; with {@code topBy}, the value of
 * the dimension whose total is the largest, shown as "label: value" (the top platform and its engagement). A money
 * metric gives a figure per currency.
 */
public record FigureSpec(MetricKey metric, Optional<String> label, boolean compare, Optional<String> topBy, Map<String, String> filters) {

    public static final int LABEL_MAX_LENGTH = 100;
    public static final int MAX_FILTERS = 10;

    public FigureSpec {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(label, "label");
        label.ifPresent(text -> {
            String problem = Text.labelProblem(text, LABEL_MAX_LENGTH);
            if (problem != null) {
                throw new InvalidValueException("label", problem);
            }
        });
        Objects.requireNonNull(topBy, "topBy");
        filters = Map.copyOf(filters);
        if (filters.size() > MAX_FILTERS) {
            throw new InvalidValueException("filters", "may hold at most " + MAX_FILTERS + " dimensions");
        }
    }
}
