package io.tally.domain.target;

import io.tally.domain.common.InvalidValueException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The calendar period a target is about, in the subject's timezone: a day, an ISO week (from Monday), a month or a quarter. */
public enum TargetPeriod {
    DAY, WEEK, MONTH, QUARTER;

    /** The first day of the period that holds {@code day}. */
    public LocalDate start(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
            case QUARTER -> LocalDate.of(day.getYear(), ((day.getMonthValue() - 1) / 3) * 3 + 1, 1);
        };
    }

    /** The first day after the period that holds {@code day}. */
    public LocalDate end(LocalDate day) {
        LocalDate start = start(day);
        return switch (this) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
            case QUARTER -> start.plusMonths(3);
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TargetPeriod fromWireName(String value, String field) {
        for (TargetPeriod period : values()) {
            if (period.wireName().equals(value)) {
                return period;
            }
        }
        throw new InvalidValueException(field, "must be one of " + Arrays.stream(values()).map(TargetPeriod::wireName)
                .collect(Collectors.joining(", ")));
    }
}
