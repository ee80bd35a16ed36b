package io.tally.application.service.insight;

import io.tally.application.port.in.insight.SeriesReading;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.dashboard.WidgetValue;
import io.tally.domain.insight.Anomalies;
import io.tally.domain.metric.MetricUnit;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The forecasts of a chart's series (a dashboard's line widget with {@code forecast: true}, a report template's
 * {@code forecast} chart), read as insights read a series ({@link SeriesInsights}): the chart's finished
 * buckets are the history (the current, unfinished one is forecast, not drawn as a drop), and the forecast runs through
 * the chart's unfinished buckets and a quarter of its length more (1 to 14 buckets). A count or money series' days
 * without a value are 0; other units carry the value before. Lower bounds of a unit that can't be negative are floored
 * at 0, as in insights.
 */
public final class ChartForecasts {

    /** The most series of one chart that get a forecast (their bands would hide one another beyond). */
    static final int MAX_SERIES = 3;
    static final int MIN_FINISHED = 4;
    static final int MAX_AHEAD = 14;

    private ChartForecasts() {
    }

    /** The forecasts of the chart's first series, its buckets finished before {@code now} being their history. */
    public static List<WidgetValue.SeriesForecast> of(WidgetValue.Chart chart, Instant now, ZoneId zone) {
        List<WidgetValue.SeriesForecast> forecasts = new ArrayList<>();
        int finished = 0;
        while (finished < chart.buckets().size() && !chart.buckets().get(finished).end().isAfter(now)) {
            finished++;
        }
        for (int s = 0; s < Math.min(MAX_SERIES, chart.series().size()); s++) {
            WidgetValue.ChartSeries series = chart.series().get(s);
            if (chart.size() == BucketSize.HOUR) {
                forecasts.add(none(s, "forecasts are of day, week or month buckets"));
                continue;
            }
            if (finished < MIN_FINISHED) {
                forecasts.add(none(s, "a forecast needs at least " + MIN_FINISHED + " finished buckets; the chart has " + finished));
                continue;
            }
            double[] values = history(series, finished);
            int unfinished = chart.buckets().size() - finished;
            int horizon = unfinished + Math.max(1, Math.min(MAX_AHEAD, finished / 4));
            LocalDate firstDay = LocalDate.ofInstant(chart.buckets().getFirst().start(), zone);
            SeriesReading reading = SeriesInsights.of(values, chart.size() == BucketSize.DAY, firstDay.getDayOfWeek().getValue(), horizon);
            boolean nonNegative = series.unit() != MetricUnit.NUMBER;
            List<WidgetValue.ForecastPoint> points = new ArrayList<>();
            for (SeriesReading.Point point : reading.forecast().points()) {
                int step = point.step();
                Instant start = step <= unfinished ? chart.buckets().get(finished + step - 1).start()
                        : after(chart.buckets().getLast().start(), chart.size(), step - unfinished, zone);
                points.add(new WidgetValue.ForecastPoint(start, floor(point.value(), nonNegative), floor(point.low80(), nonNegative), point.high80(),
                        floor(point.low95(), nonNegative), point.high95()));
            }
            List<WidgetValue.AnomalyMark> anomalies = new ArrayList<>();
            for (Anomalies.Anomaly anomaly : reading.anomalies()) {
                anomalies.add(new WidgetValue.AnomalyMark(anomaly.index(), anomaly.value(), anomaly.expected(), anomaly.score()));
            }
            forecasts.add(new WidgetValue.SeriesForecast(s, reading.forecast().method(), reading.trend().direction().name().toLowerCase(Locale.ROOT),
                    Optional.ofNullable(reading.backtest()).flatMap(backtest -> Optional.ofNullable(backtest.mape())), points, anomalies, Optional.empty()));
        }
        return forecasts;
    }

    private static WidgetValue.SeriesForecast none(int series, String note) {
        return new WidgetValue.SeriesForecast(series, "none", "flat", Optional.empty(), List.of(), List.of(), Optional.of(note));
    }

    /** The finished buckets' values: none is 0 for counts and money, else the value before (the first known one at the start). */
    static double[] history(WidgetValue.ChartSeries series, int finished) {
        boolean zeroWhenNone = series.unit() == MetricUnit.COUNT || series.unit() == MetricUnit.MONEY;
        double[] values = new double[finished];
        Double carried = series.values().subList(0, finished).stream().filter(value -> value != null).findFirst()
                .map(BigDecimal::doubleValue).orElse(0.0);
        for (int i = 0; i < finished; i++) {
            BigDecimal value = series.values().get(i);
            if (value != null) {
                carried = value.doubleValue();
            }
            values[i] = value != null ? value.doubleValue() : zeroWhenNone ? 0 : carried;
        }
        return values;
    }

    /** The start of the bucket {@code steps} buckets after the one starting at {@code start}, in the chart's timezone. */
    static Instant after(Instant start, BucketSize size, int steps, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(start, zone);
        LocalDate next = switch (size) {
            case WEEK -> day.plusWeeks(steps);
            case MONTH -> day.plusMonths(steps);
            default -> day.plusDays(steps);
        };
        return next.atStartOfDay(zone).toInstant();
    }

    private static double floor(double value, boolean nonNegative) {
        return nonNegative ? Math.max(0, value) : value;
    }
}
