package io.tally.adapter.out.export.presentation;

import java.math.BigDecimal;
import java.util.List;

/**
 * A value axis from {@code low} to {@code high} in steps of a "nice" size (1, 2, 2.5 or 5 times a power of
 * ten), giving four or five gridlines above the lowest. Always includes zero; an all-zero series gets
 * 0 to 4 (counts) or 0 to 1.
 *
 * @param decimals places to print tick labels with
 */
public record AxisScale(double low, double high, double step, int decimals) {

    private static final int TARGET_STEPS = 4;

    /** The scale for values from {@code min} to {@code max}; {@code whole} keeps steps whole (counts). */
    public static AxisScale of(double min, double max, boolean whole) {
        double low = Math.min(0, min);
        double high = Math.max(0, max);
        if (!(high - low > 0) || !Double.isFinite(high - low)) {
            low = 0;
            high = whole ? TARGET_STEPS : 1;
        }
        double raw = (high - low) / TARGET_STEPS;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double normal = raw / magnitude;
        double nice;
        if (normal <= 1) {
            nice = 1;
        } else if (normal <= 2) {
            nice = 2;
        } else if (normal <= 2.5 && !(whole && magnitude < 10)) {
            nice = 2.5;
        } else if (normal <= 5) {
            nice = 5;
        } else {
            nice = 10;
        }
        double step = nice * magnitude;
        if (whole && step < 1) {
            step = 1;
        }
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9) + (nice == 2.5 && magnitude < 10 ? 1 : 0));
        if (whole) {
            decimals = 0;
        }
        return new AxisScale(Math.floor(low / step + 1e-9) * step, Math.ceil(high / step - 1e-9) * step, step, decimals);
    }

    /** The scale for every value of {@code series} (a missing value, {@code null}, is skipped); {@code whole} keeps steps whole. */
    public static AxisScale over(List<List<BigDecimal>> series, boolean whole) {
        double min = 0;
        double max = 0;
        for (List<BigDecimal> values : series) {
            for (BigDecimal value : values) {
                if (value != null) {
                    min = Math.min(min, value.doubleValue());
                    max = Math.max(max, value.doubleValue());
                }
            }
        }
        return of(min, max, whole);
    }

    /** The number of steps from low to high. */
    public int steps() {
        return (int) Math.round((high - low) / step);
    }

    /** Where {@code value} falls, from 0 at low to 1 at high. */
    public double fraction(double value) {
        return (value - low) / (high - low);
    }
}
