package io.tally.application.service.insight;

import io.tally.domain.insight.Anomalies;
import io.tally.domain.insight.Seasonality;
import io.tally.domain.insight.Smoothing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * What a series of equal, finished buckets says about itself: its trend (least-squares slope with its 95 % interval, R²,
 * direction), velocity and momentum (the mean first and second differences of the last buckets), volatility (the
 * coefficient of variation), a weekly cycle (daily buckets), a forecast with 80 % and 95 % intervals by Holt-Winters
 * additive when a weekly cycle is detected, else Holt's linear trend, a backtest of the same method on the series
 * without its last {@code horizon} buckets, and anomalies. Pure computation: the series comes from the metric engine.
 */
public final class SeriesInsights {

    /** How many of the last buckets velocity and momentum average over. */
    public static final int RECENT = 7;
    private static final NormalDistribution NORMAL = new NormalDistribution();
    private static final double Z80 = NORMAL.inverseCumulativeProbability(0.90);
    private static final double Z95 = NORMAL.inverseCumulativeProbability(0.975);

    public enum Direction {
        UP, DOWN, FLAT
    }

    public record Trend(double slope, double slopeLow, double slopeHigh, double relativeChange, double strength, Direction direction) {
    }

    public record Point(int step, double value, double low80, double high80, double low95, double high95) {
    }

    public record Forecast(String method, List<Point> points) {
        public Forecast {
            points = List.copyOf(points);
        }
    }

    /** The method refit without the last {@code heldOut} buckets: MAPE over the held-out buckets that are not 0, and how many fell inside each interval. */
    public record Backtest(int heldOut, Double mape, double coverage80, double coverage95) {
    }

    public record Insights(int buckets, Trend trend, double velocity, double momentum, Double volatility, Seasonality seasonality, Forecast forecast,
                           Backtest backtest, List<Anomalies.Anomaly> anomalies) {
        public Insights {
            Objects.requireNonNull(trend, "trend");
            anomalies = List.copyOf(anomalies);
        }
    }

    private SeriesInsights() {
    }

    /**
     * The insights of {@code values}; {@code daily} with the ISO weekday of the first value (1 = Monday) looks for a
     * weekly cycle. At least 4 values.
     */
    public static Insights of(double[] values, boolean daily, int firstWeekday, int horizon) {
        if (values.length < 4) {
            throw new IllegalArgumentException("insights need at least 4 buckets, not " + values.length);
        }
        Seasonality seasonality = daily ? Seasonality.weekly(values, firstWeekday)
                : new Seasonality(false, 0, 0, 0, 0, 0, "a weekly cycle is looked for in daily buckets only");
        boolean weekly = seasonality.detected();
        Forecast forecast = forecast(values, weekly, horizon);
        return new Insights(values.length, trend(values), velocity(values), momentum(values), volatility(values), seasonality, forecast,
                backtest(values, weekly, horizon), Anomalies.find(values, firstWeekday, weekly));
    }

    static Trend trend(double[] values) {
        SimpleRegression regression = new SimpleRegression();
        for (int i = 0; i < values.length; i++) {
            regression.addData(i, values[i]);
        }
        double slope = regression.getSlope();
        double half = values.length > 2 ? regression.getSlopeConfidenceInterval(0.05) : Double.NaN;
        double low = slope - half;
        double high = slope + half;
        Direction direction = Double.isNaN(half) || (low <= 0 && high >= 0) ? Direction.FLAT : slope > 0 ? Direction.UP : Direction.DOWN;
        double start = regression.predict(0);
        double end = regression.predict(values.length - 1);
        double relative = start == 0 ? Double.NaN : (end - start) / Math.abs(start);
        double r2 = regression.getRSquare();
        return new Trend(slope, low, high, relative, Double.isNaN(r2) ? 0 : r2, direction);
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

    static Forecast forecast(double[] values, boolean weekly, int horizon) {
        Smoothing.Fit fit = weekly ? Smoothing.holtWinters(values, Seasonality.PERIOD) : Smoothing.holt(values);
        List<Point> points = new ArrayList<>();
        for (int h = 1; h <= horizon; h++) {
            double mean = fit.mean(h);
            double sd = Math.sqrt(fit.variance(h));
            points.add(new Point(h, mean, mean - Z80 * sd, mean + Z80 * sd, mean - Z95 * sd, mean + Z95 * sd));
        }
        return new Forecast(weekly ? "holt_winters_additive_weekly" : "holt_linear_trend", points);
    }

    /** Refits on all but the last {@code horizon} buckets (when enough remain to fit) and scores the forecast on them. */
    static Backtest backtest(double[] values, boolean weekly, int horizon) {
        int kept = values.length - horizon;
        if (horizon < 1 || kept < (weekly ? 2 * Seasonality.PERIOD : 4)) {
            return null;
        }
        Forecast forecast = forecast(Arrays.copyOf(values, kept), weekly, horizon);
        double errors = 0;
        int scored = 0;
        int in80 = 0;
        int in95 = 0;
        for (Point point : forecast.points()) {
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
        return new Backtest(horizon, scored == 0 ? null : errors / scored, (double) in80 / horizon, (double) in95 / horizon);
    }
}
