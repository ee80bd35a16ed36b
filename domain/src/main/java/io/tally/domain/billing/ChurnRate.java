package io.tally.domain.billing;

import io.tally.domain.customer.CustomerId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The customer churn rate over a period, as ChartMogul and Baremetrics define it, with the customers churned
 * beside it (docs/metrics.md, "Customer churn rate").
 *
 * <ul>
 *   <li>The period {@code [start, until)} is cut into its calendar months in the tenant's timezone; the months at
 *       its edges may be partial, and a month still running is measured up to {@code until} (now).</li>
 *   <li>A month's rate = customers who were paying at the month's start (MRR above 0 in any currency just before
 *       it) and pay nothing at its end ÷ customers paying at its start. None paying at its start: no rate.</li>
 *   <li>The period's rate = the mean of the months' rates that exist, × 100, rounded half-up to 2 decimals once,
 *       at the end (the months' ratios are kept exact); empty when no month has a rate. A month without a rate
 *       is left out of the mean, not counted as 0: nobody could churn in it.</li>
 *   <li>A month's churned customers are a subset of those paying at its start, so no month's rate, nor their
 *       mean, can exceed 100 %. A customer who starts and churns inside one month is in no month's rate.</li>
 *   <li>{@code churned}: customers who paid at the period's start or at some moment in it and pay nothing at its
 *       end. {@code newAndChurned}: those of them who were not paying at the period's start, so
 *       {@code churned} = (churned and paying at the start) + {@code newAndChurned}. For one month,
 *       {@code newAndChurned} are exactly the churned customers the rate leaves out.</li>
 * </ul>
 *
 * @param rate the period's churn rate in percent, 2 decimals; empty when no month had anyone paying at its start
 * @param months the period's calendar months, in order
 * @param payingAtStart customers paying just before the period's start
 * @param churned customers who paid at the start or at some moment in the period and pay nothing at its end
 * @param newAndChurned the churned customers who were not paying at the period's start
 */
public record ChurnRate(Optional<BigDecimal> rate, List<Month> months, Set<CustomerId> payingAtStart, Set<CustomerId> churned,
                        Set<CustomerId> newAndChurned) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public ChurnRate {
        Objects.requireNonNull(rate, "rate");
        months = List.copyOf(months);
        payingAtStart = Collections.unmodifiableSet(new TreeSet<>(payingAtStart));
        churned = Collections.unmodifiableSet(new TreeSet<>(churned));
        newAndChurned = Collections.unmodifiableSet(new TreeSet<>(newAndChurned));
        if (!churned.containsAll(newAndChurned)) {
            throw new IllegalArgumentException("the new-and-churned customers are churned customers");
        }
    }

    /** The churn rate of the customers in the ledger over {@code [start, until)}, months cut in {@code zone}. */
    public static ChurnRate over(MrrLedger ledger, Instant start, Instant until, ZoneId zone) {
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(zone, "zone");
        if (!start.isBefore(until)) {
            throw new IllegalArgumentException("a period must end after it starts");
        }
        List<Month> months = new ArrayList<>();
        YearMonth month = YearMonth.from(start.atZone(zone));
        for (Instant monthStart = start; monthStart.isBefore(until); month = month.plusMonths(1)) {
            Instant next = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
            Instant monthEnd = next.isBefore(until) ? next : until;
            MrrPeriod moved = ledger.period(monthStart, monthEnd);
            Set<CustomerId> left = new TreeSet<>(moved.payingAtStart());
            left.removeAll(moved.payingAtEnd());
            months.add(new Month(month, monthStart, monthEnd, moved.payingAtStart(), left));
            monthStart = monthEnd;
        }
        MrrPeriod whole = ledger.period(start, until);
        Set<CustomerId> newAndChurned = new TreeSet<>(whole.churned());
        newAndChurned.removeAll(whole.payingAtStart());
        return new ChurnRate(mean(months), months, whole.payingAtStart(), whole.churned(), newAndChurned);
    }

    /** The exact mean of the months' ratios that exist, × 100, rounded half-up to 2 decimals; empty when none exists. */
    private static Optional<BigDecimal> mean(List<Month> months) {
        BigInteger numerator = BigInteger.ZERO;
        BigInteger denominator = BigInteger.ONE;
        int defined = 0;
        for (Month month : months) {
            if (month.payingAtStart().isEmpty()) {
                continue;
            }
            BigInteger churned = BigInteger.valueOf(month.churned().size());
            BigInteger paying = BigInteger.valueOf(month.payingAtStart().size());
            numerator = numerator.multiply(paying).add(churned.multiply(denominator));
            denominator = denominator.multiply(paying);
            defined++;
        }
        if (defined == 0) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(numerator).multiply(HUNDRED)
                .divide(new BigDecimal(denominator.multiply(BigInteger.valueOf(defined))), 2, RoundingMode.HALF_UP));
    }

    /**
     * One calendar month of the period (or the part of it inside the period).
     *
     * @param start the month's first instant in the period: its local midnight of the 1st, or the period's start
     * @param end the instant after it: the next month's local midnight, or the period's end (now, for a running month)
     * @param payingAtStart customers paying just before {@code start}
     * @param churned those of {@code payingAtStart} who pay nothing just before {@code end}
     */
    public record Month(YearMonth month, Instant start, Instant end, Set<CustomerId> payingAtStart, Set<CustomerId> churned) {

        public Month {
            Objects.requireNonNull(month, "month");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            payingAtStart = Collections.unmodifiableSet(new TreeSet<>(payingAtStart));
            churned = Collections.unmodifiableSet(new TreeSet<>(churned));
            if (!payingAtStart.containsAll(churned)) {
                throw new IllegalArgumentException("a month's churned customers were paying at its start");
            }
        }

        /** churned ÷ paying at the start × 100, rounded half-up to 2 decimals (to show; the period's mean uses the exact ratio). */
        public Optional<BigDecimal> rate() {
            if (payingAtStart.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(BigDecimal.valueOf(churned.size()).multiply(HUNDRED)
                    .divide(BigDecimal.valueOf(payingAtStart.size()), 2, RoundingMode.HALF_UP));
        }
    }
}
