package io.tally.domain.plan;

import io.tally.domain.analytics.MeterKey;
import io.tally.domain.common.InvalidValueException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * So much of a meter per period: {@code 600} of {@code transcription_minutes} per calendar month, hard; and the shares of it
 * in percent at which the tenant is told that a customer reached them ({@code alert_at_pct}, such as 80 and 100), once per
 * limit period and share.
 */
public record PlanLimit(MeterKey meter, BigDecimal amount, LimitPeriod period, Enforcement enforcement, List<Integer> alertAtPct) {

    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000000");
    public static final int MAX_SCALE = 6;
    public static final int MAX_ALERTS = 5;
    public static final int MAX_ALERT_PCT = 1000;

    public PlanLimit(MeterKey meter, BigDecimal amount, LimitPeriod period, Enforcement enforcement) {
        this(meter, amount, period, enforcement, List.of());
    }

    public PlanLimit {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(enforcement, "enforcement");
        if (amount.signum() < 0 || amount.compareTo(MAX_AMOUNT) > 0 || amount.stripTrailingZeros().scale() > MAX_SCALE) {
            throw new InvalidValueException("amount", "must be a number from 0 to 10^15 with at most " + MAX_SCALE + " decimals");
        }
        alertAtPct = List.copyOf(alertAtPct);
        if (alertAtPct.size() > MAX_ALERTS || alertAtPct.stream().anyMatch(pct -> pct < 1 || pct > MAX_ALERT_PCT)
                || alertAtPct.stream().distinct().count() != alertAtPct.size()) {
            throw new InvalidValueException("alert_at_pct", "must be up to " + MAX_ALERTS + " different whole percentages from 1 to " + MAX_ALERT_PCT
                    + ", such as [80, 100]");
        }
        alertAtPct = alertAtPct.stream().sorted().toList();
        amount = amount.stripTrailingZeros();
        if (amount.scale() < 0) {
            amount = amount.setScale(0);
        }
    }
}
