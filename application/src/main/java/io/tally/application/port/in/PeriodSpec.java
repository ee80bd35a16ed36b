package io.tally.application.port.in;

import io.tally.domain.analytics.Period;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * How a request names its period: {@code days} (today and the days before it), or {@code from} and
 * {@code to} (local dates, both included); neither means the last {@value #DEFAULT_DAYS} days. {@code tz},
 * when given, is the timezone the days are cut in; otherwise the customer's, else the tenant's, else UTC.
 */
public record PeriodSpec(Optional<Integer> days, Optional<LocalDate> from, Optional<LocalDate> to, Optional<TimeZoneId> tz) {

    public static final int DEFAULT_DAYS = 30;

    public PeriodSpec {
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(tz, "tz");
        if (days.isPresent() && (from.isPresent() || to.isPresent())) {
            throw new InvalidValueException("days", "give either days or from and to, not both");
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
        return new PeriodSpec(Optional.of(days), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The period in the given timezone (unless the spec names its own), "today" being today there at {@code now}. */
    public Period resolve(TimeZoneId fallbackZone, Instant now) {
        TimeZoneId zone = tz.orElse(fallbackZone);
        if (from.isPresent()) {
            return new Period(from.get(), to.orElseThrow(), zone);
        }
        return Period.lastDays(days.orElse(DEFAULT_DAYS), LocalDate.ofInstant(now, zone.zone()), zone);
    }
}
