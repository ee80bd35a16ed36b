package io.tally.domain.insight;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Buckets far from what the series leads one to expect: the expectation is a straight line through the series plus,
 * when a weekly cycle is detected, the mean deviation of the bucket's weekday; a bucket is an anomaly when its robust
 * score, 0.6745 × (residual − median) / MAD of the residuals (Iglewicz and Hoaglin), is beyond {@value #THRESHOLD}
 * either way; the MAD is taken as at least {@value #MAD_FLOOR} of the series' median absolute value. Medians make one spike
 * unable to hide itself by inflating the spread, and the weekday term keeps a normal Monday dip from being flagged.
 */
public final class Anomalies {

    public static final double THRESHOLD = 3.5;
    /** The least spread the score divides by, as a share of the median absolute value. */
    public static final double MAD_FLOOR = 0.02;

    /** One anomaly: the bucket's index, its value, what was expected and the robust score. */
    public record Anomaly(int index, double value, double expected, double score) {
    }

    private Anomalies() {
    }

    public static List<Anomaly> find(double[] values, int firstWeekday, boolean weekly) {
        if (values.length < 7) {
            return List.of();
        }
        double[] expected = expected(values, firstWeekday, weekly);
        double[] residuals = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            residuals[i] = values[i] - expected[i];
        }
        double median = median(residuals);
        double[] deviations = Arrays.stream(residuals).map(r -> Math.abs(r - median)).toArray();
        // a floor under the spread: 2 % of the series' typical size, so that in a series with next to no noise a
        // rounding step is not an anomaly
        double mad = Math.max(median(deviations), MAD_FLOOR * median(Arrays.stream(values).map(Math::abs).toArray()));
        List<Anomaly> found = new ArrayList<>();
        if (mad == 0) {
            return found;
        }
        for (int i = 0; i < values.length; i++) {
            double score = 0.6745 * (residuals[i] - median) / mad;
            if (Math.abs(score) > THRESHOLD) {
                found.add(new Anomaly(i, values[i], expected[i], score));
            }
        }
        return found;
    }

    /** The expectation: the least-squares line through the series, plus the weekday's median deviation from it when weekly. */
    static double[] expected(double[] values, int firstWeekday, boolean weekly) {
        double[] detrended = Seasonality.detrended(values);
        double[] line = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            line[i] = values[i] - detrended[i];
        }
        if (!weekly) {
            return line;
        }
        double[] profile = weekdayMedians(detrended, firstWeekday);
        double[] expected = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            expected[i] = line[i] + profile[Math.floorMod(firstWeekday - 1 + i, 7)];
        }
        return expected;
    }

    /** The median deviation per weekday (a median, so the spike being judged does not move its own weekday's norm). */
    static double[] weekdayMedians(double[] detrended, int firstWeekday) {
        List<List<Double>> byDay = new ArrayList<>();
        for (int d = 0; d < 7; d++) {
            byDay.add(new ArrayList<>());
        }
        for (int i = 0; i < detrended.length; i++) {
            byDay.get(Math.floorMod(firstWeekday - 1 + i, 7)).add(detrended[i]);
        }
        double[] medians = new double[7];
        for (int d = 0; d < 7; d++) {
            medians[d] = median(byDay.get(d).stream().mapToDouble(Double::doubleValue).toArray());
        }
        return medians;
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
