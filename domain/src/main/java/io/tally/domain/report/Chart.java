package io.tally.domain.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** A picture of figures that a table of the same section also lists (so CSV, which has no pictures, loses nothing). */
public sealed interface Chart extends Block {

    String title();

    ValueType type();

    /** Whether the chart has anything to plot (a series of zeros has; an empty one, or one without values, has not). */
    default boolean hasData() {
        return switch (this) {
            case TimeSeries series -> series.points().stream().anyMatch(point -> point.value() != null);
            case MultiSeries multi -> multi.series().stream().anyMatch(one -> one.values().stream().anyMatch(value -> value != null));
            case Breakdown breakdown -> !breakdown.bars().isEmpty();
        };
    }

    /** Values over time, oldest first: one point per hour, day, week or month. */
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

        public enum Granularity { HOUR, DAY, WEEK, MONTH }

        /**
         * A value at a local hour, or at the start of a day, of a week or of a month; no value ({@code null}) is a gap
         * in the line or a slot without a bar (a rate of a day without anything to divide).
         */
        public record Point(LocalDateTime at, BigDecimal value) {
            public Point {
                Objects.requireNonNull(at, "at");
            }

            /** A value of a day, a week (its first day) or a month (its first day). */
            public Point(LocalDate at, BigDecimal value) {
                this(Objects.requireNonNull(at, "at").atStartOfDay(), value);
            }
        }
    }

    /**
     * Several series of one unit over the same times, oldest first: lines, or bars side by side, each series in its own
     * colour with a legend; a value of {@code null} is a gap.
     */
    record MultiSeries(String title, ValueType type, TimeSeries.Style style, TimeSeries.Granularity granularity, List<LocalDateTime> at,
                       List<Series> series) implements Chart {

        /** The most series one chart draws, so that their colours stay apart. */
        public static final int MAX_SERIES = 8;

        public MultiSeries {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(style, "style");
            Objects.requireNonNull(granularity, "granularity");
            at = List.copyOf(at);
            series = List.copyOf(series);
            if (!type.isNumber()) {
                throw new IllegalArgumentException("a chart plots numbers");
            }
            if (series.isEmpty() || series.size() > MAX_SERIES) {
                throw new IllegalArgumentException("a chart of several series draws 1 to " + MAX_SERIES);
            }
            for (Series one : series) {
                if (one.values().size() != at.size()) {
                    throw new IllegalArgumentException("series '" + one.label() + "' has " + one.values().size() + " values for " + at.size()
                            + " times");
                }
            }
        }

        /** One series: its label in the legend and a value per time (null: none). */
        public record Series(String label, List<BigDecimal> values) {
            public Series {
                Objects.requireNonNull(label, "label");
                values = Collections.unmodifiableList(new ArrayList<>(values));
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
