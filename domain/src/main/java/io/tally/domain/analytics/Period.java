package io.tally.domain.analytics;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Local days {@code from} to {@code to}, both included, in a timezone: it starts at local midnight of
 * {@code from} and ends at local midnight after {@code to}, so a day in it is 23, 24 or 25 hours long.
 * A period someone names by its days is 1 to {@value #MAX_DAYS} days long ({@link #checkLength}); one named
 * relative to today ({@link RelativePeriod#YEAR_TO_DATE} on 31 December of a leap year) may be a whole leap year.
 */
public record Period(LocalDate from, LocalDate to, TimeZoneId zone) {

    public static final int MAX_DAYS = 365;
    /** The longest period there is: a whole leap year. */
    public static final int MAX_SPAN_DAYS = 366;

    public Period {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        if (to.isBefore(from)) {
            throw new InvalidValueException("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_SPAN_DAYS) {
            throw new InvalidValueException("to", "a period is at most " + MAX_DAYS + " days");
        }
    }

    /** The period, when it is at most {@value #MAX_DAYS} days long, as a period given by its days must be. */
    public Period checkLength(String field) {
        if (days() > MAX_DAYS) {
            throw new InvalidValueException(field, "a period is at most " + MAX_DAYS + " days");
        }
        return this;
    }

    /** Today and the {@code days - 1} days before it. */
    public static Period lastDays(int days, LocalDate today, TimeZoneId zone) {
        if (days < 1 || days > MAX_DAYS) {
            throw new InvalidValueException("days", "must be between 1 and " + MAX_DAYS);
        }
        return new Period(today.minusDays(days - 1L), today, zone);
    }

    public int days() {
        return (int) ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** The same number of days just before this period. */
    public Period previous() {
        return new Period(from.minusDays(days()), from.minusDays(1), zone);
    }

    public Instant start() {
        return from.atStartOfDay(zone.zone()).toInstant();
    }

    public Instant end() {
        return to.plusDays(1).atStartOfDay(zone.zone()).toInstant();
    }
}
