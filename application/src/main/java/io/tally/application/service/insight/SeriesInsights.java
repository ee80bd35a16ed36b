package io.tally.application.service.insight;

import io.tally.application.port.in.insight.SeriesReading;
import io.tally.domain.insight.Anomalies;
import io.tally.domain.insight.LeastSquares;
import io.tally.domain.insight.Seasonality;
import io.tally.domain.insight.Smoothing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a series of equal, finished buckets says about itself: its trend (least-squares slope with its 95 % interval, R²,
 * direction), velocity and momentum (the mean first and second differences of the last buckets), volatility (the
 * coefficient of variation), a weekly cycle (daily buckets), a forecast with 80 % and 95 % intervals by Holt-Winters
 * additive when a weekly cycle is detected, else Holt's linear trend, a backtest of the same method on the series
 * without its last {@code horizon} buckets, and anomalies. Pure computation (the statistics in {@code domain.insight}):
 * the series comes from the metric engine.
 */
public final class SeriesInsights {

    /** How many of the last buckets velocity and momentum average over. */
    public static final int RECENT = 7;
    private static final double Z80 = LeastSquares.normalQuantile(0.90);
    private static final double Z95 = LeastSquares.normalQuantile(0.975);

    private SeriesInsights() {
    }

    /**
     * The insights of {@code values}; {@code daily} with the ISO weekday of the first value (1 = Monday) looks for a
     * weekly cycle. At least 4 values.
     */
    public static SeriesReading of(double[] values, boolean daily, int firstWeekday, int horizon) {
        if (values.length < 4) {
            throw new IllegalArgumentException("insights need at least 4 buckets, not " + values.length);
        }
        Seasonality seasonality = daily ? Seasonality.weekly(values, firstWeekday)
                : new Seasonality(false, 0, 0, 0, 0, 0, "a weekly cycle is looked for in daily buckets only");
        boolean weekly = seasonality.detected();
        SeriesReading.Forecast forecast = forecast(values, weekly, horizon);
        return new SeriesReading(values.length, trend(values), velocity(values), momentum(values), volatility(values), seasonality, forecast,
                backtest(values, weekly, horizon), Anomalies.find(values, firstWeekday, weekly));
    }

    static SeriesReading.Trend trend(double[] values) {
        LeastSquares line = LeastSquares.fit(values);
        double slope = line.slope();
        double half = line.slopeHalfWidth(0.95);
        double low = slope - half;
        double high = slope + half;
        SeriesReading.Direction direction = Double.isNaN(half) || (low <= 0 && high >= 0) ? SeriesReading.Direction.FLAT
                : slope > 0 ? SeriesReading.Direction.UP : SeriesReading.Direction.DOWN;
        double start = line.at(0);
        double end = line.at(values.length - 1);
        double relative = start == 0 ? Double.NaN : (end - start) / Math.abs(start);
        return new SeriesReading.Trend(slope, low, high, relative, line.r2(), direction);
    }

    static double velocity(double[] values) {
        int from = Math.max(1, values.length - RECENT);
        double sum = 0;
        for (int i = from; i < values.length; i++) {
            sum += values[i] - values[i - 1];
        }
        return sum / (values.length - from);
    }

    static double momentum(double[] values) {
        int from = Math.max(2, values.length - RECENT);
        double sum = 0;
        for (int i = from; i < values.length; i++) {
            sum += values[i] - 2 * values[i - 1] + values[i - 2];
        }
        return sum / (values.length - from);
    }

    /** The standard deviation over the mean; none when the mean is 0. */
    static Double volatility(double[] values) {
        double mean = Arrays.stream(values).average().orElse(0);
        if (mean == 0) {
            return null;
        }
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return Math.sqrt(squares / (values.length - 1)) / Math.abs(mean);
    }

    /** The forecast model of the series: Holt-Winters additive with the weekly season when one was detected, else Holt's linear trend. */
    public static Smoothing.Fit fit(double[] values, boolean weekly) {
        return weekly ? Smoothing.holtWinters(values, Seasonality.PERIOD) : Smoothing.holt(values);
    }

    static SeriesReading.Forecast forecast(double[] values, boolean weekly, int horizon) {
        Smoothing.Fit fit = fit(values, weekly);
        List<SeriesReading.Point> points = new ArrayList<>();
        for (int h = 1; h <= horizon; h++) {
            double mean = fit.mean(h);
            double sd = Math.sqrt(fit.variance(h));
            points.add(new SeriesReading.Point(h, mean, mean - Z80 * sd, mean + Z80 * sd, mean - Z95 * sd, mean + Z95 * sd));
        }
        return new SeriesReading.Forecast(weekly ? "holt_winters_additive_weekly" : "holt_linear_trend", points);
    }

    /** Refits on all but the last {@code horizon} buckets (when enough remain to fit) and scores the forecast on them. */
    static SeriesReading.Backtest backtest(double[] values, boolean weekly, int horizon) {
        int kept = values.length - horizon;
        if (horizon < 1 || kept < (weekly ? 2 * Seasonality.PERIOD : 4)) {
            return null;
        }
        SeriesReading.Forecast forecast = forecast(Arrays.copyOf(values, kept), weekly, horizon);
        double errors = 0;
        int scored = 0;
        int in80 = 0;
        int in95 = 0;
        for (SeriesReading.Point point : forecast.points()) {
            double actual = values[kept + point.step() - 1];
            if (actual != 0) {
                errors += Math.abs((actual - point.value()) / actual);
                scored++;
            }
            if (actual >= point.low80() && actual <= point.high80()) {
                in80++;
            }
            if (actual >= point.low95() && actual <= point.high95()) {
                in95++;
            }
        }
        return new SeriesReading.Backtest(horizon, scored == 0 ? null : errors / scored, (double) in80 / horizon, (double) in95 / horizon);
    }
}
