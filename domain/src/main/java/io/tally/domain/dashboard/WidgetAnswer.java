package io.tally.domain.dashboard;

import io.tally.domain.analytics.Period;
import io.tally.domain.common.DomainException;
import java.time.Instant;
import java.util.Objects;

/** One widget's answer: its values in the shape its type needs, or the problem that kept it from answering. */
public sealed interface WidgetAnswer {

    Widget widget();

    /**
     * The widget's values over {@code period}; {@code asOf} is when the data they reflect was read, {@code cached}
     * whether they came from the cache (computed earlier, at the same data watermark).
     */
    record Answered(Widget widget, WidgetValue value, Period period, Instant asOf, boolean cached) implements WidgetAnswer {
        public Answered {
            Objects.requireNonNull(widget, "widget");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(period, "period");
            Objects.requireNonNull(asOf, "asOf");
        }
    }

    /** The widget could not answer (a deleted metric, a saved query it may not see, a bad filter value); the others still do. */
    record Failed(Widget widget, DomainException problem) implements WidgetAnswer {
        public Failed {
            Objects.requireNonNull(widget, "widget");
            Objects.requireNonNull(problem, "problem");
        }
    }
}
