package io.tally.domain.plan;

import io.tally.domain.analytics.MeterKey;
import io.tally.domain.common.InvalidValueException;
import java.math.BigDecimal;
import java.util.Objects;

/** So much of a meter per period: {@code 600} of {@code transcription_minutes} per calendar month, hard. */
public record PlanLimit(MeterKey meter, BigDecimal amount, LimitPeriod period, Enforcement enforcement) {

    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000000");
    public static final int MAX_SCALE = 6;

    public PlanLimit {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(enforcement, "enforcement");
        if (amount.signum() < 0 || amount.compareTo(MAX_AMOUNT) > 0 || amount.stripTrailingZeros().scale() > MAX_SCALE) {
            throw new InvalidValueException("amount", "must be a number from 0 to 10^15 with at most " + MAX_SCALE + " decimals");
        }
        amount = amount.stripTrailingZeros();
        if (amount.scale() < 0) {
            amount = amount.setScale(0);
        }
    }
}
