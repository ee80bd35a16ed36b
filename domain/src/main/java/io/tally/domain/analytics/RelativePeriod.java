package io.tally.domain.analytics;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A period named relative to today, evaluated in a timezone when a query runs: yesterday, the last 7 or 30 days
 * (today included), the whole of last week (Monday to Sunday), this month, quarter or year so far (today included),
 * the whole of last month, or the last 12 calendar months (this one so far and the 11 before it). Yesterday, last week
 * and last month are complete: what a report sent each morning, Monday or first of the month should cover.
 */
public enum RelativePeriod {
    YESTERDAY,
    LAST_7_DAYS,
    LAST_30_DAYS,
    LAST_WEEK,
    THIS_MONTH,
    LAST_MONTH,
    THIS_QUARTER,
    YEAR_TO_DATE,
    LAST_12_MONTHS;

    /** The local days this names when it is {@code today} in {@code zone}. */
    public Period resolve(LocalDate today, TimeZoneId zone) {
        return switch (this) {
            case YESTERDAY -> new Period(today.minusDays(1), today.minusDays(1), zone);
            case LAST_7_DAYS -> Period.lastDays(7, today, zone);
            case LAST_30_DAYS -> Period.lastDays(30, today, zone);
            case LAST_WEEK -> {
                LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
                yield new Period(monday, monday.plusDays(6), zone);
            }
            case THIS_MONTH -> new Period(today.withDayOfMonth(1), today, zone);
            case LAST_MONTH -> {
                YearMonth last = YearMonth.from(today).minusMonths(1);
                yield new Period(last.atDay(1), last.atEndOfMonth(), zone);
            }
            case THIS_QUARTER -> new Period(today.withMonth((today.getMonthValue() - 1) / 3 * 3 + 1).withDayOfMonth(1), today, zone);
            case YEAR_TO_DATE -> new Period(today.withDayOfYear(1), today, zone);
            case LAST_12_MONTHS -> new Period(YearMonth.from(today).minusMonths(11).atDay(1), today, zone);
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RelativePeriod fromWireName(String value, String field) {
        for (RelativePeriod period : values()) {
            if (period.wireName().equals(value)) {
                return period;
            }
        }
        throw new InvalidValueException(field, "'" + value + "' is not a period; one of " + wireNames());
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(RelativePeriod::wireName).collect(Collectors.joining(", "));
    }
}
