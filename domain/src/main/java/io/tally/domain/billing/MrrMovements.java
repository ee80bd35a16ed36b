package io.tally.domain.billing;

import io.tally.domain.common.CurrencyCode;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * MRR in one currency over a period: where it started, how it moved and where it ended. Churn and contraction
 * are negative, so {@code start + new + expansion + contraction + churn + reactivation = end}, exactly; the
 * constructor refuses anything else.
 */
public record MrrMovements(CurrencyCode currency, BigDecimal start, BigDecimal newMrr, BigDecimal expansion,
                           BigDecimal contraction, BigDecimal churn, BigDecimal reactivation, BigDecimal end) {

    public MrrMovements {
        Objects.requireNonNull(currency, "currency");
        BigDecimal moved = start.add(newMrr).add(expansion).add(contraction).add(churn).add(reactivation);
        if (moved.compareTo(end) != 0) {
            throw new IllegalStateException("MRR in " + currency.value() + " does not reconcile: " + start + " + movements = "
                    + moved + ", not " + end);
        }
        if (newMrr.signum() < 0 || expansion.signum() < 0 || reactivation.signum() < 0 || contraction.signum() > 0 || churn.signum() > 0) {
            throw new IllegalStateException("MRR movement with the wrong sign in " + currency.value());
        }
    }

    public static MrrMovements none(CurrencyCode currency) {
        return new MrrMovements(currency, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO);
    }

    public MrrMovements plus(MrrMovements other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("different currencies");
        }
        return new MrrMovements(currency, start.add(other.start), newMrr.add(other.newMrr), expansion.add(other.expansion),
                contraction.add(other.contraction), churn.add(other.churn), reactivation.add(other.reactivation), end.add(other.end));
    }
}
