package io.tally.application.port.in.insight;

import io.tally.domain.insight.Anomalies;
import io.tally.domain.insight.Seasonality;
import java.util.List;
import java.util.Objects;

/**
 * What a series of finished buckets says about itself: its trend, velocity and momentum (the mean first and second
 * differences of its last buckets), volatility (the coefficient of variation; none when the mean is 0), a weekly cycle,
 * a forecast with its intervals, the same method's backtest on the series' own past (none when too short), and anomalies.
 */
public record SeriesReading(int buckets, Trend trend, double velocity, double momentum, Double volatility, Seasonality seasonality,
                            Forecast forecast, Backtest backtest, List<Anomalies.Anomaly> anomalies) {

    public SeriesReading {
        Objects.requireNonNull(trend, "trend");
        Objects.requireNonNull(seasonality, "seasonality");
        Objects.requireNonNull(forecast, "forecast");
        anomalies = List.copyOf(anomalies);
    }

    public enum Direction {
        UP, DOWN, FLAT
    }

    /** The least-squares slope per bucket with its 95 % interval, the change over the series relative to its start, R². */
    public record Trend(double slope, double slopeLow, double slopeHigh, double relativeChange, double strength, Direction direction) {
    }

    /** A forecast bucket, {@code step} buckets after the last: the value and its 80 % and 95 % intervals. */
    public record Point(int step, double value, double low80, double high80, double low95, double high95) {
    }

    public record Forecast(String method, List<Point> points) {
        public Forecast {
            points = List.copyOf(points);
        }
    }

    /**
     * The method refit without the last {@code heldOut} buckets: MAPE over the held-out buckets that are not 0 (none when
     * all are), and the share of them inside each interval.
     */
    public record Backtest(int heldOut, Double mape, double coverage80, double coverage95) {
    }
}
