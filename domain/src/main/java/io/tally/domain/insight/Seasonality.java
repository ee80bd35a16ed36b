package io.tally.domain.insight;

import java.util.Arrays;

/**
 * Whether a daily series has a weekly cycle: the autocorrelation of its detrended values (first differences removed of
 * their mean) at lag 7, against a bound. The bound is the larger of 2/√n (the approximate 95 % bound of a sample
 * autocorrelation of white noise) and {@value #MIN_STRENGTH}, so a cycle too faint to matter is not claimed. Fewer than
 * {@value #MIN_WEEKS} whole weeks of data: not claimed, and said so.
 */
public record Seasonality(boolean detected, double strength, double bound, int weeks, int peakWeekday, int troughWeekday, String note) {

    public static final int PERIOD = 7;
    public static final int MIN_WEEKS = 2;
    public static final double MIN_STRENGTH = 0.3;

    /**
     * The weekly cycle of {@code values}, one per day; {@code firstWeekday} is the ISO weekday of the first value (1 =
     * Monday). Peak and trough are ISO weekdays, 0 when not detected.
     */
    public static Seasonality weekly(double[] values, int firstWeekday) {
        int weeks = values.length / PERIOD;
        if (weeks < MIN_WEEKS) {
            return new Seasonality(false, 0, 0, weeks, 0, 0, "fewer than " + MIN_WEEKS + " whole weeks of data (" + values.length
                    + " days): a weekly cycle is not looked for");
        }
        double[] detrended = detrended(values);
        double acf = autocorrelation(detrended, PERIOD);
        double bound = Math.max(2 / Math.sqrt(values.length), MIN_STRENGTH);
        if (!(acf > bound)) {
            return new Seasonality(false, Math.max(0, acf), bound, weeks, 0, 0, "no weekly cycle: the autocorrelation at 7 days, "
                    + round(acf) + ", is not above " + round(bound));
        }
        double[] profile = weekdayProfile(detrended(values), firstWeekday);
        int peak = 0;
        int trough = 0;
        for (int d = 1; d < PERIOD; d++) {
            if (profile[d] > profile[peak]) {
                peak = d;
            }
            if (profile[d] < profile[trough]) {
                trough = d;
            }
        }
        return new Seasonality(true, acf, bound, weeks, peak + 1, trough + 1, "a weekly cycle: the autocorrelation at 7 days, " + round(acf)
                + ", is above " + round(bound));
    }

    /** The values less a straight line fitted by least squares. */
    static double[] detrended(double[] values) {
        int n = values.length;
        double meanX = (n - 1) / 2.0;
        double meanY = Arrays.stream(values).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (i - meanX) * (values[i] - meanY);
            sxx += (i - meanX) * (i - meanX);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        double[] rest = new double[n];
        for (int i = 0; i < n; i++) {
            rest[i] = values[i] - (meanY + slope * (i - meanX));
        }
        return rest;
    }

    /** The sample autocorrelation at {@code lag} (0 for a constant series). */
    static double autocorrelation(double[] values, int lag) {
        double mean = Arrays.stream(values).average().orElse(0);
        double denominator = 0;
        for (double value : values) {
            denominator += (value - mean) * (value - mean);
        }
        if (denominator == 0) {
            return 0;
        }
        double numerator = 0;
        for (int i = lag; i < values.length; i++) {
            numerator += (values[i] - mean) * (values[i - lag] - mean);
        }
        return numerator / denominator;
    }

    /** The mean of the values on each ISO weekday, Monday first. */
    static double[] weekdayProfile(double[] values, int firstWeekday) {
        double[] sums = new double[PERIOD];
        int[] counts = new int[PERIOD];
        for (int i = 0; i < values.length; i++) {
            int weekday = Math.floorMod(firstWeekday - 1 + i, PERIOD);
            sums[weekday] += values[i];
            counts[weekday]++;
        }
        double[] means = new double[PERIOD];
        for (int d = 0; d < PERIOD; d++) {
            means[d] = counts[d] == 0 ? 0 : sums[d] / counts[d];
        }
        return means;
    }

    private static String round(double value) {
        return String.format(java.util.Locale.ROOT, "%.2f", value);
    }
}
