package io.tally.application.port.in;

import io.tally.domain.analytics.Period;
import io.tally.domain.analytics.RelativePeriod;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;
import java.util.Optional;

/**
 * How a request names its period, one way of: {@code days} (today and the days before it), {@code from} and
 * {@code to} (local dates, both included), {@code month} (a calendar month) or {@code relative} (such as
 * {@code last_7_days}, evaluated when the request runs); none of them means the last {@value #DEFAULT_DAYS}
 * days. {@code tz}, when given, is the timezone the days are cut in; otherwise the customer's, else the
 * tenant's, else UTC.
 */
public record PeriodSpec(Optional<Integer> days, Optional<LocalDate> from, Optional<LocalDate> to, Optional<YearMonth> month,
                         Optional<RelativePeriod> relative, Optional<TimeZoneId> tz, boolean exact) {

    public static final int DEFAULT_DAYS = 30;

    public PeriodSpec {
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(relative, "relative");
        Objects.requireNonNull(tz, "tz");
        checkOneWay(days, from, to, month, relative);
    }

    /** A period as someone names it; {@code from} and {@code to} then span at most {@value Period#MAX_DAYS} days. */
    public PeriodSpec(Optional<Integer> days, Optional<LocalDate> from, Optional<LocalDate> to, Optional<YearMonth> month,
                      Optional<RelativePeriod> relative, Optional<TimeZoneId> tz) {
        this(days, from, to, month, relative, tz, false);
    }

    /** Fails unless at most one way of naming a period is used, and from comes with to. */
    public static void checkOneWay(Optional<Integer> days, Optional<LocalDate> from, Optional<LocalDate> to, Optional<YearMonth> month,
                                   Optional<RelativePeriod> relative) {
        int given = (days.isPresent() ? 1 : 0) + (from.isPresent() || to.isPresent() ? 1 : 0) + (month.isPresent() ? 1 : 0)
                + (relative.isPresent() ? 1 : 0);
        if (given > 1) {
            String field = relative.isPresent() ? "period" : month.isPresent() ? "month" : "days";
            throw new InvalidValueException(field, "give one of days, from and to, month, or period");
        }
        if (from.isPresent() != to.isPresent()) {
            throw new InvalidValueException(from.isPresent() ? "to" : "from", "is required with " + (from.isPresent() ? "from" : "to"));
        }
        days.ifPresent(n -> {
            if (n < 1 || n > Period.MAX_DAYS) {
                throw new InvalidValueException("days", "must be between 1 and " + Period.MAX_DAYS);
            }
        });
    }

    public static PeriodSpec lastDays(int days) {
        return new PeriodSpec(Optional.of(days), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Exactly these days, in this timezone (a period resolved before: a whole leap year to date is 366 days). */
    public static PeriodSpec of(Period period) {
        return new PeriodSpec(Optional.empty(), Optional.of(period.from()), Optional.of(period.to()), Optional.empty(), Optional.empty(),
                Optional.of(period.zone()), true);
    }

    /** The period in the given timezone (unless the spec names its own), "today" being today there at {@code now}. */
    public Period resolve(TimeZoneId fallbackZone, Instant now) {
        TimeZoneId zone = tz.orElse(fallbackZone);
        if (exact) {
            return new Period(from.orElseThrow(), to.orElseThrow(), zone);
        }
        return resolve(days, from, to, month, relative, zone, LocalDate.ofInstant(now, zone.zone()));
    }

    /** The period named one of the ways, in a zone where it is {@code today}. */
    public static Period resolve(Optional<Integer> days, Optional<LocalDate> from, Optional<LocalDate> to, Optional<YearMonth> month,
                                 Optional<RelativePeriod> relative, TimeZoneId zone, LocalDate today) {
        if (from.isPresent()) {
            return new Period(from.get(), to.orElseThrow(), zone).checkLength("to");
        }
        if (month.isPresent()) {
            return new Period(month.get().atDay(1), month.get().atEndOfMonth(), zone);
        }
        if (relative.isPresent()) {
            return relative.get().resolve(today, zone);
        }
        return Period.lastDays(days.orElse(DEFAULT_DAYS), today, zone);
    }
}
