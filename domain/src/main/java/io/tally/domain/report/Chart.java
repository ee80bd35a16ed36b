package io.tally.domain.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** A picture of figures that a table of the same section also lists (so CSV, which has no pictures, loses nothing). */
public sealed interface Chart extends Block {

    String title();

    ValueType type();

    /** Values over time, oldest first: one point per day or per month. */
    record TimeSeries(String title, ValueType type, Style style, Granularity granularity, List<Point> points) implements Chart {

        public TimeSeries {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(style, "style");
            Objects.requireNonNull(granularity, "granularity");
            points = List.copyOf(points);
            if (!type.isNumber()) {
                throw new IllegalArgumentException("a time series plots numbers");
            }
        }

        public enum Style { BAR, LINE }

        public enum Granularity { DAY, MONTH }

        /** A value at a day, or at the first day of a month. */
        public record Point(LocalDate at, BigDecimal value) {
            public Point {
                Objects.requireNonNull(at, "at");
                Objects.requireNonNull(value, "value");
            }
        }
    }

    /** Values per label (an outcome, an agent, a format), largest first as the builder ordered them. */
    record Breakdown(String title, ValueType type, List<Bar> bars) implements Chart {

        public Breakdown {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(type, "type");
            bars = List.copyOf(bars);
            if (!type.isNumber()) {
                throw new IllegalArgumentException("a breakdown plots numbers");
            }
        }

        public record Bar(String label, BigDecimal value) {
            public Bar {
                Objects.requireNonNull(label, "label");
                Objects.requireNonNull(value, "value");
            }
        }
    }
}
