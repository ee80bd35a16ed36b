package io.tally.domain.insight;

import java.util.Objects;

/**
 * Exponential smoothing of a series in equal buckets, fitted by least one-step-ahead squared error over a grid of the
 * smoothing parameters (0.05 to 0.95; β ≤ α, γ ≤ 1 − α): Holt's linear trend (ETS(A,A,N)) or, with a season of
 * {@code period} buckets, additive Holt-Winters (ETS(A,A,A)), in component form. The forecast's variance h steps ahead is
 * the model's own (Hyndman and Athanasopoulos, <i>Forecasting: Principles and Practice</i>, 3rd ed., table 9.8, with the
 * error-correction form's trend parameter α·β), from the variance of the one-step errors.
 */
public final class Smoothing {

    /** The grid the parameters are chosen from: 0.05, 0.10, …, 0.95. */
    private static final double[] GRID = grid();

    /** A fitted model: its parameters, the state after the last bucket, and the one-step errors' variance. */
    public record Fit(double alpha, double beta, double gamma, int period, double level, double trend, double[] season, double sigma2, int n) {

        public Fit {
            Objects.requireNonNull(season, "season");
        }

        public boolean seasonal() {
            return period > 0;
        }

        /** The mean forecast {@code h} buckets after the last (h ≥ 1). */
        public double mean(int h) {
            double value = level + h * trend;
            if (seasonal()) {
                // season[i] is the component of the bucket i buckets after the last one's season started; the bucket h after
                // the last has the index (n - 1 + h) mod period counted from the first bucket
                value += season[Math.floorMod(n - 1 + h, period)];
            }
            return value;
        }

        /**
         * The forecast's variance {@code h} buckets after the last: the error-correction form's, whose trend parameter is
         * α·β (β here being the component form's, as fitted).
         */
        public double variance(int h) {
            double hh = h;
            double b = alpha * beta;
            double base = 1 + (hh - 1) * (alpha * alpha + alpha * b * hh + b * b * hh * (2 * hh - 1) / 6);
            if (seasonal()) {
                int k = (h - 1) / period;
                base += gamma * k * (2 * alpha + gamma + b * period * (k + 1));
            }
            return sigma2 * base;
        }

        /**
         * {@code count} sample paths of the next {@code steps} buckets, drawn from the model itself: each step adds a
         * normal error of the fitted variance and updates the state as the error-correction form does (level by α·e,
         * trend by α·β·e, the bucket's season by γ·e), so a path's buckets are correlated as the model says. The mean of
         * many paths at step h tends to {@link #mean(int)} and their variance to {@link #variance(int)}. Deterministic
         * for a given {@code random}.
         */
        public double[][] paths(int steps, int count, java.util.Random random) {
            double sd = Math.sqrt(Math.max(0, sigma2));
            double[][] paths = new double[count][steps];
            double[] seasonNow = new double[season.length];
            for (int p = 0; p < count; p++) {
                double l = level;
                double b = trend;
                System.arraycopy(season, 0, seasonNow, 0, season.length);
                for (int h = 1; h <= steps; h++) {
                    int index = seasonal() ? Math.floorMod(n - 1 + h, period) : 0;
                    double error = sd * random.nextGaussian();
                    paths[p][h - 1] = l + b + (seasonal() ? seasonNow[index] : 0) + error;
                    l = l + b + alpha * error;
                    b = b + alpha * beta * error;
                    if (seasonal()) {
                        seasonNow[index] += gamma * error;
                    }
                }
            }
            return paths;
        }
    }

    private Smoothing() {
    }

    /** Holt's linear trend, fitted. Needs at least 3 values. */
    public static Fit holt(double[] values) {
        requireLength(values, 3, "Holt's linear trend");
        Fit best = null;
        for (double alpha : GRID) {
            for (double beta : GRID) {
                if (beta > alpha) {
                    continue;
                }
                Fit fit = holt(values, alpha, beta);
                if (best == null || fit.sigma2() < best.sigma2()) {
                    best = fit;
                }
            }
        }
        return best;
    }

    static Fit holt(double[] values, double alpha, double beta) {
        double level = values[0];
        double trend = values[1] - values[0];
        double sse = 0;
        int errors = 0;
        for (int t = 1; t < values.length; t++) {
            double forecast = level + trend;
            double error = values[t] - forecast;
            if (t >= 2) {
                sse += error * error;
                errors++;
            }
            double previous = level;
            level = alpha * values[t] + (1 - alpha) * (level + trend);
            trend = beta * (level - previous) + (1 - beta) * trend;
        }
        return new Fit(alpha, beta, 0, 0, level, trend, new double[0], sse / Math.max(1, errors - 2), values.length);
    }

    /** Additive Holt-Winters with a season of {@code period} buckets, fitted. Needs at least two whole seasons. */
    public static Fit holtWinters(double[] values, int period) {
        requireLength(values, 2 * period, "Holt-Winters with a season of " + period);
        Fit best = null;
        for (double alpha : GRID) {
            for (double beta : GRID) {
                if (beta > alpha) {
                    continue;
                }
                for (double gamma : GRID) {
                    if (gamma > 1 - alpha) {
                        continue;
                    }
                    Fit fit = holtWinters(values, period, alpha, beta, gamma);
                    if (best == null || fit.sigma2() < best.sigma2()) {
                        best = fit;
                    }
                }
            }
        }
        return best;
    }

    static Fit holtWinters(double[] values, int period, double alpha, double beta, double gamma) {
        // start: the level is the first season's mean, the trend the mean change between the first two seasons per
        // bucket, and the season the first season's deviations from its mean
        double first = mean(values, 0, period);
        double second = mean(values, period, 2 * period);
        double level = first;
        double trend = (second - first) / period;
        double[] season = new double[period];
        for (int i = 0; i < period; i++) {
            season[i] = values[i] - first;
        }
        double sse = 0;
        int errors = 0;
        for (int t = period; t < values.length; t++) {
            int s = t % period;
            double forecast = level + trend + season[s];
            double error = values[t] - forecast;
            sse += error * error;
            errors++;
            double previous = level;
            double previousTrend = trend;
            level = alpha * (values[t] - season[s]) + (1 - alpha) * (level + trend);
            trend = beta * (level - previous) + (1 - beta) * trend;
            // the season against the level and trend before this bucket: then γ is the error-correction form's own
            season[s] = gamma * (values[t] - previous - previousTrend) + (1 - gamma) * season[s];
        }
        return new Fit(alpha, beta, gamma, period, level, trend, season, sse / Math.max(1, errors - 3), values.length);
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }

    private static void requireLength(double[] values, int least, String model) {
        if (values.length < least) {
            throw new IllegalArgumentException(model + " needs at least " + least + " values, not " + values.length);
        }
    }

    private static double[] grid() {
        double[] grid = new double[19];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = (i + 1) * 0.05;
        }
        return grid;
    }
}
