package io.tally.domain.target;

import java.util.Arrays;

/**
 * A period's value projected from sample paths of the days it has left (drawn from the fitted forecast model, so that
 * the days' errors add up as the model says rather than as if they were independent): the mean of the paths' outcomes,
 * their 10th and 90th percentiles as the 80 % interval, and the {@link TargetStatus} of a target against them.
 */
public record TargetProjection(double projected, double low80, double high80, int paths, TargetStatus status) {

    /**
     * The projection of outcomes (one period value per path; NaN ones, such as a ratio over nothing, are left out)
     * against a target; null when no path has an outcome.
     */
    public static TargetProjection of(double[] outcomes, TargetComparison comparison, double target) {
        double[] kept = Arrays.stream(outcomes).filter(value -> !Double.isNaN(value)).sorted().toArray();
        if (kept.length == 0) {
            return null;
        }
        double mean = Arrays.stream(kept).average().orElseThrow();
        double low = quantile(kept, 0.10);
        double high = quantile(kept, 0.90);
        double pessimistic = comparison == TargetComparison.AT_LEAST ? low : high;
        double optimistic = comparison == TargetComparison.AT_LEAST ? high : low;
        TargetStatus status = comparison.meets(pessimistic, target) ? TargetStatus.ON_TRACK
                : comparison.meets(optimistic, target) ? TargetStatus.AT_RISK : TargetStatus.OFF_TRACK;
        return new TargetProjection(mean, low, high, kept.length, status);
    }

    /** An additive metric's period: the finished days' sum plus each path's days left (each day floored at 0 when it can't be negative). */
    public static double[] additive(double soFar, double[][] paths, boolean nonNegative) {
        double[] outcomes = new double[paths.length];
        for (int p = 0; p < paths.length; p++) {
            double sum = soFar;
            for (double day : paths[p]) {
                sum += nonNegative ? Math.max(0, day) : day;
            }
            outcomes[p] = sum;
        }
        return outcomes;
    }

    /**
     * A ratio of sums over the period: the denominator's finished days plus its path, and the numerator's finished days
     * plus, for each day left, that day's denominator times its share (the numerator over the denominator, drawn from
     * a model of the daily shares), times the scale. Drawing the share rather than the numerator keeps the two sides
     * moving together as they do (failed calls with calls), where independent paths would widen the interval past
     * what the data says. Days and shares are floored at 0, and shares capped at {@code shareCap} (1 when the numerator
     * is a part of the denominator, as completed calls are of calls: a share can't pass the whole); NaN where the
     * denominator comes to 0.
     */
    public static double[] ratio(double numeratorSoFar, double denominatorSoFar, double[][] denominators, double[][] shares, double shareCap,
                                 double scale) {
        double[] outcomes = new double[denominators.length];
        for (int p = 0; p < denominators.length; p++) {
            double top = numeratorSoFar;
            double bottom = denominatorSoFar;
            for (int h = 0; h < denominators[p].length; h++) {
                double day = Math.max(0, denominators[p][h]);
                top += day * Math.min(shareCap, Math.max(0, shares[p][h]));
                bottom += day;
            }
            outcomes[p] = bottom > 0 ? top / bottom * scale : Double.NaN;
        }
        return outcomes;
    }

    /**
     * The daily shares numerator ÷ denominator of finished days; a day with nothing to divide takes the share of the day
     * before (the first days, the share over all days; 0 when there never was a denominator).
     */
    public static double[] shares(double[] numerators, double[] denominators) {
        double top = 0;
        double bottom = 0;
        for (int i = 0; i < numerators.length; i++) {
            top += numerators[i];
            bottom += denominators[i];
        }
        double previous = bottom > 0 ? top / bottom : 0;
        double[] shares = new double[numerators.length];
        for (int i = 0; i < numerators.length; i++) {
            if (denominators[i] > 0) {
                previous = numerators[i] / denominators[i];
            }
            shares[i] = previous;
        }
        return shares;
    }

    /** A level's period: each path's last day (floored at 0 when it can't be negative). */
    public static double[] level(double[][] paths, boolean nonNegative) {
        double[] outcomes = new double[paths.length];
        for (int p = 0; p < paths.length; p++) {
            double last = paths[p][paths[p].length - 1];
            outcomes[p] = nonNegative ? Math.max(0, last) : last;
        }
        return outcomes;
    }

    /** The q-quantile of sorted values, interpolated linearly between order statistics. */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
