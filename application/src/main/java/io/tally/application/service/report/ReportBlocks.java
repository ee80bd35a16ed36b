package io.tally.application.service.report;

import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.Period;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.Money;
import io.tally.domain.dashboard.WidgetValue;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.report.Block;
import io.tally.domain.report.Cell;
import io.tally.domain.report.Chart;
import io.tally.domain.report.Column;
import io.tally.domain.report.Paragraph;
import io.tally.domain.report.Table;
import io.tally.domain.report.ValueType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How query answers become report blocks, for every report built from them (a dashboard's page, a template's
 * sections): a chart per unit of the series, money in its currency and to its minor unit, buckets as days, weeks,
 * months or hours, groups labelled with their values.
 */
public final class ReportBlocks {

    /** A dimension value an event did not carry, as labels show it. */
    public static final String NONE = "(none)";

    private ReportBlocks() {
    }

    /** Every metric's groups of an answer as series over its buckets (the shape of a line or bar chart). */
    public static WidgetValue.Chart chartValue(AnalyticsResult result, BucketSize size) {
        List<WidgetValue.ChartSeries> lines = new ArrayList<>();
        for (AnalyticsResult.SeriesResult series : result.series()) {
            Metric metric = series.metric();
            for (AnalyticsResult.Group group : series.groups()) {
                lines.add(new WidgetValue.ChartSeries(metric.key().value(), metric.name(), metric.unit(), metric.polarity(), metric.decimals(),
                        key(series.dimensions(), group), group.values()));
            }
        }
        return new WidgetValue.Chart(size, result.buckets(), lines);
    }

    /** A group's key as dimension → value, in the series' order. */
    public static Map<String, String> key(List<String> dimensions, AnalyticsResult.Group group) {
        Map<String, String> key = new LinkedHashMap<>();
        for (int i = 0; i < dimensions.size(); i++) {
            key.put(dimensions.get(i), group.key().get(i));
        }
        return key;
    }

    /**
     * A chart per unit (and currency) the series are in, each series of that unit on it (up to
     * {@value Chart.MultiSeries#MAX_SERIES}). {@code title}, when given, names the charts (with the currency of money
     * after it); otherwise a chart of one series is named after it, one of several after their metrics.
     */
    public static List<Block> charts(Optional<String> title, Chart.TimeSeries.Style style, WidgetValue.Chart chart, Period period) {
        Chart.TimeSeries.Granularity granularity = granularity(chart.size());
        List<LocalDateTime> starts = starts(chart, period);
        Map<String, List<WidgetValue.ChartSeries>> byUnit = new LinkedHashMap<>();
        for (WidgetValue.ChartSeries series : chart.series()) {
            String unit = numberType(series.unit()).unit() + currency(series.unit(), series.key()).map(c -> " " + c.value()).orElse("");
            byUnit.computeIfAbsent(unit, key -> new ArrayList<>()).add(series);
        }
        List<Block> blocks = new ArrayList<>();
        for (List<WidgetValue.ChartSeries> same : byUnit.values()) {
            ValueType valueType = numberType(same.getFirst().unit());
            String currencyOf = currency(same.getFirst().unit(), same.getFirst().key()).map(c -> " (" + c.value() + ")").orElse("");
            if (same.size() == 1) {
                WidgetValue.ChartSeries series = same.getFirst();
                List<Chart.TimeSeries.Point> points = new ArrayList<>();
                for (int i = 0; i < starts.size(); i++) {
                    points.add(new Chart.TimeSeries.Point(starts.get(i), series.values().get(i)));
                }
                blocks.add(new Chart.TimeSeries(title.map(given -> given + currencyOf).orElseGet(() -> seriesTitle(series)), valueType, style,
                        granularity, points));
                continue;
            }
            List<WidgetValue.ChartSeries> drawn = same.subList(0, Math.min(same.size(), Chart.MultiSeries.MAX_SERIES));
            String names = title.orElseGet(() -> drawn.stream().map(WidgetValue.ChartSeries::name).distinct().collect(Collectors.joining(", ")));
            String chartTitle = names + currencyOf + (drawn.size() < same.size() ? " (the first " + drawn.size() + " of " + same.size() + ")" : "");
            List<Chart.MultiSeries.Series> lines = drawn.stream().map(series -> new Chart.MultiSeries.Series(legend(series, drawn),
                    series.values())).toList();
            blocks.add(new Chart.MultiSeries(chartTitle, valueType, style, granularity, starts, lines));
        }
        return blocks;
    }

    /**
     * A series' label in its chart's legend: its metric's name when the series are of several metrics, its group
     * (without the currency, which the title says) when they are groups of one.
     */
    private static String legend(WidgetValue.ChartSeries series, List<WidgetValue.ChartSeries> drawn) {
        boolean oneMetric = drawn.stream().map(WidgetValue.ChartSeries::metric).distinct().count() == 1;
        Map<String, String> key = new LinkedHashMap<>(series.key());
        key.remove("currency");
        String group = key.values().stream().map(value -> value == null ? NONE : value).collect(Collectors.joining(" · "));
        if (oneMetric) {
            return group.isEmpty() ? series.name() : group;
        }
        return group.isEmpty() ? series.name() : series.name() + " (" + group + ")";
    }

    /** How a chart of buckets of {@code size} labels its times. */
    public static Chart.TimeSeries.Granularity granularity(BucketSize size) {
        return switch (size) {
            case HOUR -> Chart.TimeSeries.Granularity.HOUR;
            case DAY -> Chart.TimeSeries.Granularity.DAY;
            case WEEK -> Chart.TimeSeries.Granularity.WEEK;
            case MONTH -> Chart.TimeSeries.Granularity.MONTH;
        };
    }

    /** Where each bucket of a chart starts, locally. */
    public static List<LocalDateTime> starts(WidgetValue.Chart chart, Period period) {
        return chart.buckets().stream().map(bucket -> start(bucket, chart.size(), period)).toList();
    }

    /** Where a bucket starts, locally: its hour, or its day, week (the Monday it is labelled with) or month. */
    public static LocalDateTime start(Bucket bucket, BucketSize size, Period period) {
        return switch (size) {
            case HOUR -> LocalDateTime.ofInstant(bucket.start(), period.zone().zone());
            case DAY, WEEK -> LocalDate.parse(bucket.label()).atStartOfDay();
            case MONTH -> YearMonth.parse(bucket.label()).atDay(1).atStartOfDay();
        };
    }

    /** The column of a table's buckets: Hour (a time), Day, Week or Month (a date). */
    public static Column bucketColumn(BucketSize size) {
        return switch (size) {
            case HOUR -> Column.of("Hour", ValueType.DATETIME);
            case DAY -> Column.of("Day", ValueType.DATE);
            case WEEK -> Column.of("Week", ValueType.DATE);
            case MONTH -> Column.of("Month", ValueType.DATE);
        };
    }

    /** A bucket as a cell of {@link #bucketColumn}: its hour's instant, or the day it starts on. */
    public static Cell bucketCell(Bucket bucket, BucketSize size, Period period) {
        return size == BucketSize.HOUR ? Cell.moment(bucket.start()) : Cell.day(start(bucket, size, period).toLocalDate());
    }

    /** A dimension's name as a heading: {@code agent} → Agent, {@code content_type} → Content type, {@code @weekday_hour} → Weekday and hour. */
    public static String heading(String dimension) {
        String name = switch (dimension) {
            case "@weekday" -> "weekday";
            case "@hour" -> "hour";
            case "@weekday_hour" -> "weekday and hour";
            case "@first" -> "first";
            default -> dimension.replace('_', ' ');
        };
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** A series' title: its metric's name and its group's values ({@code Call cost (EUR)}). */
    public static String seriesTitle(WidgetValue.ChartSeries series) {
        return series.name() + suffix(series.key());
    }

    /** A group's values in brackets ({@code (EUR)}, {@code (agent-ana · completed)}); nothing when ungrouped. */
    public static String suffix(Map<String, String> key) {
        return key.isEmpty() ? "" : " (" + key.values().stream().map(value -> value == null ? NONE : value).collect(Collectors.joining(" · ")) + ")";
    }

    /** The currency of a money value's group, when it is money and the group says a valid one. */
    public static Optional<CurrencyCode> currency(MetricUnit unit, Map<String, String> key) {
        String code = key.get("currency");
        return unit == MetricUnit.MONEY && code != null && CurrencyCode.isValid(code) ? Optional.of(CurrencyCode.of(code)) : Optional.empty();
    }

    /** A metric's values as plain numbers: money without its currency is a number (its currency is in a title or a column). */
    public static ValueType numberType(MetricUnit unit) {
        return unit == MetricUnit.MONEY ? ValueType.DECIMAL : ValueType.of(unit);
    }

    /**
     * A value as a cell: an amount in its currency (to the metric's decimals, else to the currency's minor unit, as
     * reports show totals), or a number; none is an empty cell.
     */
    public static Cell cell(BigDecimal value, Optional<CurrencyCode> currency, Optional<Integer> decimals) {
        if (value == null) {
            return Cell.EMPTY;
        }
        if (currency.isEmpty()) {
            return Cell.number(value);
        }
        int scale = decimals.orElse(Math.max(0, currency.get().minorUnitDigits()));
        return Cell.money(new Money(value.setScale(Math.max(scale, 0), RoundingMode.HALF_UP), currency.get()));
    }

    /**
     * A series' forecast: a chart of its finished buckets and the forecast ones with their bands and anomalies, and a
     * table of the forecast buckets with their intervals; a note when there is no forecast.
     */
    public static List<Block> forecast(WidgetValue.Chart chart, WidgetValue.SeriesForecast forecast, List<LocalDateTime> starts, Period period) {
        WidgetValue.ChartSeries series = chart.series().get(forecast.series());
        String name = ReportBlocks.seriesTitle(series);
        if (forecast.points().isEmpty()) {
            return List.of(new Paragraph("No forecast of " + name + ": " + forecast.note().orElse("none could be made") + "."));
        }
        int finished = chart.buckets().size();
        for (int i = 0; i < chart.buckets().size(); i++) {
            if (chart.buckets().get(i).start().equals(forecast.points().getFirst().start())) {
                finished = i;
                break;
            }
        }
        ZoneId zone = period.zone().zone();
        int history = finished;
        List<LocalDateTime> at = new ArrayList<>(starts.subList(0, finished));
        int decimals = series.decimals().orElse(series.unit() == MetricUnit.COUNT ? 0 : 2);
        List<Chart.Forecast.Band> bands = new ArrayList<>();
        List<List<Cell>> rows = new ArrayList<>();
        for (WidgetValue.ForecastPoint point : forecast.points()) {
            LocalDateTime start = chart.size() == BucketSize.HOUR ? LocalDateTime.ofInstant(point.start(), zone)
                    : LocalDate.ofInstant(point.start(), zone).atStartOfDay();
            at.add(start);
            Chart.Forecast.Band band = new Chart.Forecast.Band(scaled(point.value(), decimals), scaled(point.low80(), decimals),
                    scaled(point.high80(), decimals), scaled(point.low95(), decimals), scaled(point.high95(), decimals));
            bands.add(band);
            rows.add(List.of(Cell.day(start.toLocalDate()), Cell.number(band.value()), Cell.number(band.low80()), Cell.number(band.high80()),
                    Cell.number(band.low95()), Cell.number(band.high95())));
        }
        ValueType type = ReportBlocks.numberType(series.unit());
        String method = switch (forecast.method()) {
            case "holt_winters_additive_weekly" -> "Holt-Winters additive with the weekly season";
            case "holt_linear_trend" -> "Holt's linear trend";
            default -> forecast.method();
        };
        String trend = switch (forecast.trend()) {
            case "up" -> "Trending up (the slope's 95 % interval is above 0). ";
            case "down" -> "Trending down (the slope's 95 % interval is below 0). ";
            default -> "No clear trend (the slope's 95 % interval holds 0). ";
        };
        String note = trend + "Forecast by " + method + forecast.mape().map(mape -> String.format(java.util.Locale.ROOT,
                "; on the series' own last buckets it was off by %.1f %% on average (MAPE)", mape * 100)).orElse("")
                + (finished < chart.buckets().size() ? "; the current bucket is forecast, not drawn as a drop" : "")
                + (forecast.anomalies().isEmpty() ? "." : "; " + forecast.anomalies().size() + " anomal" + (forecast.anomalies().size() == 1 ? "y" : "ies")
                        + " marked.");
        Chart.Forecast picture = new Chart.Forecast(name + ": forecast", type, ReportBlocks.granularity(chart.size()), at,
                series.values().subList(0, finished), bands, forecast.anomalies().stream().map(WidgetValue.AnomalyMark::bucket)
                        .filter(index -> index < history).toList(), note);
        Table table = Table.of(List.of(ReportBlocks.bucketColumn(chart.size()), Column.of("Forecast", ValueType.DECIMAL),
                Column.of("80 % from", ValueType.DECIMAL), Column.of("80 % to", ValueType.DECIMAL), Column.of("95 % from", ValueType.DECIMAL),
                Column.of("95 % to", ValueType.DECIMAL)), rows);
        return List.of(picture, table);
    }

    private static BigDecimal scaled(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
    }
}
