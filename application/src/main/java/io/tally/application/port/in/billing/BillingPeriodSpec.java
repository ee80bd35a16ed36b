package io.tally.application.port.in.billing;

import io.tally.application.port.in.PeriodSpec;
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
 * How a billing request names its period, in the tenant's timezone: {@code days} (today and the days before
 * it), {@code from} and {@code to} (local dates, both included), {@code month}, or {@code relative} (such as
 * {@code last_month}); none of them means the last {@value #DEFAULT_DAYS} days. A period may not start after
 * today.
 */
public record BillingPeriodSpec(Optional<Integer> days, Optional<LocalDate> from, Optional<LocalDate> to, Optional<YearMonth> month,
                                Optional<RelativePeriod> relative) {

    public static final int DEFAULT_DAYS = PeriodSpec.DEFAULT_DAYS;

    public BillingPeriodSpec {
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(relative, "relative");
        PeriodSpec.checkOneWay(days, from, to, month, relative);
    }

    /** The period in the timezone, "today" being today there at {@code now}. */
    public Period resolve(TimeZoneId zone, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone.zone());
        Period period = PeriodSpec.resolve(days, from, to, month, relative, zone, today);
        if (period.from().isAfter(today)) {
            String field = month.isPresent() ? "month" : "from";
            throw new InvalidValueException(field, "starts after today (" + today + " in " + zone.value() + ")");
        }
        return period;
    }
}
