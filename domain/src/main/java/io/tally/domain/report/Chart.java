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
            case Forecast forecast -> forecast.actual().stream().anyMatch(value -> value != null) || !forecast.bands().isEmpty();
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

    /**
     * A series with its forecast: the actual values of the finished buckets (oldest first; null: none), then the
     * forecast buckets, each with its value and its 80 % and 95 % intervals, over the times of both ({@code at}: the
     * actual ones first); {@code anomalies} are indices of actual values far from what the series leads one to expect,
     * and {@code note} says how the forecast was made (its method, and its backtest's error).
     */
    record Forecast(String title, ValueType type, TimeSeries.Granularity granularity, List<LocalDateTime> at, List<BigDecimal> actual,
                    List<Band> bands, List<Integer> anomalies, String note) implements Chart {

        public Forecast {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(granularity, "granularity");
            at = List.copyOf(at);
            actual = Collections.unmodifiableList(new ArrayList<>(actual));
            bands = List.copyOf(bands);
            anomalies = List.copyOf(anomalies);
            Objects.requireNonNull(note, "note");
            if (!type.isNumber()) {
                throw new IllegalArgumentException("a forecast plots numbers");
            }
            if (actual.size() + bands.size() != at.size()) {
                throw new IllegalArgumentException(actual.size() + " actual and " + bands.size() + " forecast values for " + at.size() + " times");
            }
            for (int index : anomalies) {
                if (index < 0 || index >= actual.size()) {
                    throw new IllegalArgumentException("anomaly " + index + " is not an actual value's index");
                }
            }
        }

        /** A forecast bucket: the value, and the 80 % and 95 % intervals around it. */
        public record Band(BigDecimal value, BigDecimal low80, BigDecimal high80, BigDecimal low95, BigDecimal high95) {
            public Band {
                Objects.requireNonNull(value, "value");
                Objects.requireNonNull(low80, "low80");
                Objects.requireNonNull(high80, "high80");
                Objects.requireNonNull(low95, "low95");
                Objects.requireNonNull(high95, "high95");
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
