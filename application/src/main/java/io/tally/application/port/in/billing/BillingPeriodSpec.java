package io.tally.application.port.in.billing;

import io.tally.domain.analytics.Period;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;
import java.util.Optional;

/**
 * How a billing request names its period, in the tenant's timezone: {@code days} (today and the days before
 * it), {@code from} and {@code to} (local dates, both included), or {@code month}; none of them means the last
 * {@value #DEFAULT_DAYS} days. A period may not start after today.
 */
public record BillingPeriodSpec(Optional<Integer> days, Optional<LocalDate> from, Optional<LocalDate> to, Optional<YearMonth> month) {

    public static final int DEFAULT_DAYS = 30;

    public BillingPeriodSpec {
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(month, "month");
        int given = (days.isPresent() ? 1 : 0) + (from.isPresent() || to.isPresent() ? 1 : 0) + (month.isPresent() ? 1 : 0);
        if (given > 1) {
            throw new InvalidValueException(month.isPresent() ? "month" : "days", "give one of days, from and to, or month");
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

    /** The period in the timezone, "today" being today there at {@code now}. */
    public Period resolve(TimeZoneId zone, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone.zone());
        Period period;
        String field;
        if (month.isPresent()) {
            period = new Period(month.get().atDay(1), month.get().atEndOfMonth(), zone);
            field = "month";
        } else if (from.isPresent()) {
            period = new Period(from.get(), to.orElseThrow(), zone);
            field = "from";
        } else {
            return Period.lastDays(days.orElse(DEFAULT_DAYS), today, zone);
        }
        if (period.from().isAfter(today)) {
            throw new InvalidValueException(field, "starts after today (" + today + " in " + zone.value() + ")");
        }
        return period;
    }
}
