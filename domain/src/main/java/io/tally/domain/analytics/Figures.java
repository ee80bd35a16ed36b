package io.tally.domain.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The rules for the figures derived from others: growth and ratios, as percentages with two decimals. */
public final class Figures {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Figures() {
    }

    /**
     * (current − previous) ÷ |previous| × 100, rounded half-up to 2 decimals: its sign is the direction of the
     * change, also from a negative previous value (net adds from −2 to 1 grew by 150 %); null when there is no
     * previous value or it is 0 (growth from nothing is not a percentage), or no current value.
     */
    public static BigDecimal growthPercent(BigDecimal current, BigDecimal previous) {
        if (current == null || previous == null || previous.signum() == 0) {
            return null;
        }
        return current.subtract(previous).multiply(HUNDRED).divide(previous.abs(), 2, RoundingMode.HALF_UP);
    }

    /** part ÷ whole × 100, rounded half-up to 2 decimals; null when the whole is 0 or missing. */
    public static BigDecimal percent(BigDecimal part, BigDecimal whole) {
        if (part == null || whole == null || whole.signum() == 0) {
            return null;
        }
        return part.multiply(HUNDRED).divide(whole, 2, RoundingMode.HALF_UP);
    }
}
