package io.tally.domain.plan;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The current period of a limit and where its counted usage starts.
 *
 * <p>Without resets: a {@code calendar_month} limit's period is the month in the customer's timezone that
 * holds {@code now}; a {@code billing_cycle} limit's is the cycle of the subscription that holds {@code now},
 * counted from its start in whole cycles (anchor + k × length, in the customer's timezone, so a cycle
 * anchored on the 31st ends on the last day of shorter months), else the calendar month when there is no
 * subscription. The latest {@code period} reset re-anchors the periods: they start at the reset and follow
 * one another in steps of a month (calendar months) or of the cycle's length. The latest {@code usage} reset
 * inside the current period moves where the counted usage starts; the window stays as it is.
 *
 * @param countedFrom where the counted usage starts: the period's start, or the last usage reset within it
 * @param lastReset the latest reset that shapes this window (a period reset that anchors it, or a usage reset within it)
 * @param basis what the window follows: {@code calendar_month}, {@code billing_cycle}, or {@code calendar_month}
 *              for a billing-cycle limit of a customer without a subscription
 */
public record LimitWindow(Instant start, Instant end, Instant countedFrom, Optional<ResetMark> lastReset, LimitPeriod basis) {

    public LimitWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(countedFrom, "countedFrom");
        Objects.requireNonNull(lastReset, "lastReset");
        Objects.requireNonNull(basis, "basis");
    }

    /** The window of a limit at {@code now}, for a customer in {@code zone}, given its billing cycle (if any) and its resets. */
    public static LimitWindow of(LimitPeriod period, ZoneId zone, Optional<BillingCycle> cycle, List<ResetMark> resets, Instant now) {
        LimitPeriod basis = period == LimitPeriod.BILLING_CYCLE && cycle.isPresent() ? LimitPeriod.BILLING_CYCLE : LimitPeriod.CALENDAR_MONTH;
        Period step = basis == LimitPeriod.BILLING_CYCLE ? cycle.orElseThrow().length() : Period.ofMonths(1);
        Optional<ResetMark> anchorReset = resets.stream().filter(mark -> mark.type() == ResetType.PERIOD && !mark.at().isAfter(now))
                .max(Comparator.comparing(ResetMark::at));
        Instant start;
        Instant end;
        if (anchorReset.isPresent()) {
            Instant[] window = stepped(anchorReset.get().at(), step, zone, now);
            start = window[0];
            end = window[1];
        } else if (basis == LimitPeriod.BILLING_CYCLE) {
            Instant[] window = stepped(cycle.orElseThrow().anchor(), step, zone, now);
            start = window[0];
            end = window[1];
        } else {
            ZonedDateTime month = now.atZone(zone).toLocalDate().withDayOfMonth(1).atStartOfDay(zone);
            start = month.toInstant();
            end = month.plusMonths(1).toInstant();
        }
        Optional<ResetMark> usageReset = resets.stream()
                .filter(mark -> mark.type() == ResetType.USAGE && !mark.at().isBefore(start) && !mark.at().isAfter(now))
                .max(Comparator.comparing(ResetMark::at));
        Instant countedFrom = usageReset.map(ResetMark::at).orElse(start);
        Optional<ResetMark> last = usageReset.isPresent() ? usageReset : anchorReset;
        return new LimitWindow(start, end, countedFrom, last, basis);
    }

    /** The step [anchor + k × step, anchor + (k + 1) × step) that holds {@code now}; before the anchor, the first step. */
    private static Instant[] stepped(Instant anchor, Period step, ZoneId zone, Instant now) {
        ZonedDateTime origin = anchor.atZone(zone);
        long k = 0;
        if (!now.isBefore(anchor)) {
            // a first guess from the average length, then exact steps from the anchor (never cumulative, so the 31st stays the 31st)
            long approxDays = Math.max(1, step.toTotalMonths() * 30 + step.getDays());
            k = Math.max(0, java.time.Duration.between(anchor, now).toDays() / approxDays - 1);
            while (!plus(origin, step, k + 1).toInstant().isAfter(now)) {
                k++;
            }
            while (k > 0 && plus(origin, step, k).toInstant().isAfter(now)) {
                k--;
            }
        }
        return new Instant[] {plus(origin, step, k).toInstant(), plus(origin, step, k + 1).toInstant()};
    }

    private static ZonedDateTime plus(ZonedDateTime origin, Period step, long times) {
        return origin.plusMonths(step.toTotalMonths() * times).plusDays((long) step.getDays() * times);
    }
}
