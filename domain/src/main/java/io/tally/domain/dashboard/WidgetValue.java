package io.tally.domain.dashboard;

import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.metric.Polarity;
import io.tally.domain.target.TargetAssessment;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A widget's values, in the shape of its type. */
public sealed interface WidgetValue {

    /**
     * A card or a gauge: the first metric over the period against the period before, its unit, polarity and
     * decimals, the group it is of (a money figure's currency; empty when ungrouped), the widget's own target with the
     * value's share of it in percent, and the metric's targets with where they stand (see {@code domain.target}).
     */
    record Single(String metric, String name, MetricUnit unit, Polarity polarity, Optional<Integer> decimals, Map<String, String> key,
                  BigDecimal value, BigDecimal previous, BigDecimal growthPct, Optional<BigDecimal> target,
                  Optional<BigDecimal> targetPct, List<TargetAssessment> targets) implements WidgetValue {
        public Single {
            key = Collections.unmodifiableMap(new LinkedHashMap<>(key));
            targets = List.copyOf(targets);
        }

        /** The same, with where the metric's targets (for the same subject and currency) stand in their current periods. */
        public Single withTargets(List<TargetAssessment> assessed) {
            return new Single(metric, name, unit, polarity, decimals, key, value, previous, growthPct, target, targetPct, assessed);
        }
    }

    /** Lines or bars: the buckets (hours, days, weeks or months), and one series per metric and group, a value per bucket. */
    record Chart(BucketSize size, List<Bucket> buckets, List<ChartSeries> series, List<SeriesForecast> forecasts) implements WidgetValue {
        public Chart {
            Objects.requireNonNull(size, "size");
            buckets = List.copyOf(buckets);
            series = List.copyOf(series);
            forecasts = List.copyOf(forecasts);
        }

        public Chart(BucketSize size, List<Bucket> buckets, List<ChartSeries> series) {
            this(size, buckets, series, List.of());
        }

        public Chart withForecasts(List<SeriesForecast> made) {
            return new Chart(size, buckets, series, made);
        }
    }

    /**
     * The forecast of a chart's series (its index in {@code series}) after its last finished bucket: the method, the
     * direction of its trend, the backtest's MAPE (none when too short or all held-out values are 0), the forecast
     * buckets (the current unfinished one first, when the chart has it), anomalies among the finished buckets, and a note
     * when there is no forecast (too few finished buckets, hourly buckets).
     */
    record SeriesForecast(int series, String method, String trend, Optional<Double> mape, List<ForecastPoint> points, List<AnomalyMark> anomalies,
                          Optional<String> note) {
        public SeriesForecast {
            points = List.copyOf(points);
            anomalies = List.copyOf(anomalies);
        }
    }

    /** A forecast bucket: when it starts, the value and its 80 % and 95 % intervals (lower bounds floored at 0 when the unit can't be negative). */
    record ForecastPoint(java.time.Instant start, double value, double low80, double high80, double low95, double high95) {
    }

    /** A finished bucket far from what the series leads one to expect: its index among the chart's buckets. */
    record AnomalyMark(int bucket, double value, double expected, double score) {
    }

    /** One line or set of bars: a metric (and a group of it) with a value per bucket (null: none); decimals as the metric says. */
    record ChartSeries(String metric, String name, MetricUnit unit, Polarity polarity, Optional<Integer> decimals, Map<String, String> key,
                       List<BigDecimal> values) {
        public ChartSeries {
            key = Collections.unmodifiableMap(new LinkedHashMap<>(key));
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /** A pie: the first metric's groups over the period, each a slice with its label and value. */
    record Pie(String metric, String name, MetricUnit unit, List<Slice> slices) implements WidgetValue {
        public Pie {
            slices = List.copyOf(slices);
        }
    }

    /** A slice: the group it is ({@code key}), shown as {@code label}. */
    record Slice(Map<String, String> key, String label, BigDecimal value) {
        public Slice {
            key = Collections.unmodifiableMap(new LinkedHashMap<>(key));
        }
    }

    /** A table: a column per grouping dimension, then per metric; a row per group, the metrics' values over the period. */
    record Table(List<TableColumn> columns, List<List<Object>> rows) implements WidgetValue {
        public Table {
            columns = List.copyOf(columns);
            rows = rows.stream().map(row -> Collections.unmodifiableList(new ArrayList<>(row))).toList();
        }
    }

    /** A table's column: a dimension (unit empty) or a metric (with its decimals, when it says). */
    record TableColumn(String name, String title, Optional<MetricUnit> unit, Optional<Polarity> polarity, Optional<Integer> decimals) {
    }
}
