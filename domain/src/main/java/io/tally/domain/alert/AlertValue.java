package io.tally.domain.alert;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * The value a rule compares with its threshold, from the figures measured: the window's value ({@code above},
 * {@code below}); its change from the previous window in percent ({@code change_pct_…}; none when the previous window is
 * 0 or missing); its share of the limit in percent ({@code limit_pct_above}; none without a limit above 0). Percentages
 * keep 6 decimals, rounded half-even.
 */
public final class AlertValue {

    static final int SCALE = 6;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private AlertValue() {
    }

    public static Optional<BigDecimal> of(AlertOp op, Optional<BigDecimal> current, Optional<BigDecimal> previous, Optional<BigDecimal> limit) {
        if (current.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal value = current.get();
        return switch (op) {
            case ABOVE, BELOW -> current;
            case CHANGE_PCT_ABOVE, CHANGE_PCT_BELOW -> previous.filter(before -> before.signum() != 0)
                    .map(before -> value.subtract(before).multiply(HUNDRED).divide(before.abs(), SCALE, RoundingMode.HALF_EVEN));
            case LIMIT_PCT_ABOVE -> limit.filter(max -> max.signum() > 0)
                    .map(max -> value.multiply(HUNDRED).divide(max, SCALE, RoundingMode.HALF_EVEN));
        };
    }
}
