package io.tally.domain.analytics;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a period into buckets, in order, one after the other with no gap: every bucket of the period is
 * there, even when nothing happened in it. Days start at local midnight (so they are 23 or 25 hours long
 * on DST changes); hours follow the clock's real hours (a day has 23 or 25 of them then); weeks start on
 * Monday and months on the 1st, and the first and last are cut short where the period begins or ends.
 */
public final class Buckets {

    private Buckets() {
    }

    public static List<Bucket> of(Period period, BucketSize size) {
        return switch (size) {
            case HOUR -> hours(period);
            case DAY -> days(period);
            case WEEK -> weeks(period);
            case MONTH -> months(period);
        };
    }

    /** How many buckets {@link #of} makes, without making them. */
    public static long count(Period period, BucketSize size) {
        return switch (size) {
            case HOUR -> Duration.between(period.start(), period.end()).toHours();
            case DAY -> period.days();
            case WEEK -> weeks(period).size();
            case MONTH -> months(period).size();
        };
    }

    private static List<Bucket> hours(Period period) {
        ZoneId zone = period.zone().zone();
        List<Bucket> buckets = new ArrayList<>();
        Instant end = period.end();
        for (ZonedDateTime hour = period.from().atStartOfDay(zone); hour.toInstant().isBefore(end); hour = hour.plusHours(1)) {
            buckets.add(new Bucket(hour.toInstant(), hour.plusHours(1).toInstant(), hour.toOffsetDateTime().toString()));
        }
        return buckets;
    }

    private static List<Bucket> days(Period period) {
        ZoneId zone = period.zone().zone();
        List<Bucket> buckets = new ArrayList<>();
        for (LocalDate day = period.from(); !day.isAfter(period.to()); day = day.plusDays(1)) {
            buckets.add(new Bucket(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant(), day.toString()));
        }
        return buckets;
    }

    private static List<Bucket> weeks(Period period) {
        ZoneId zone = period.zone().zone();
        List<Bucket> buckets = new ArrayList<>();
        LocalDate monday = period.from().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        for (; !monday.isAfter(period.to()); monday = monday.plusWeeks(1)) {
            LocalDate first = monday.isBefore(period.from()) ? period.from() : monday;
            LocalDate last = monday.plusDays(6).isAfter(period.to()) ? period.to() : monday.plusDays(6);
            buckets.add(new Bucket(first.atStartOfDay(zone).toInstant(), last.plusDays(1).atStartOfDay(zone).toInstant(), monday.toString()));
        }
        return buckets;
    }

    private static List<Bucket> months(Period period) {
        ZoneId zone = period.zone().zone();
        List<Bucket> buckets = new ArrayList<>();
        for (YearMonth month = YearMonth.from(period.from()); !month.atDay(1).isAfter(period.to()); month = month.plusMonths(1)) {
            LocalDate first = month.atDay(1).isBefore(period.from()) ? period.from() : month.atDay(1);
            LocalDate last = month.atEndOfMonth().isAfter(period.to()) ? period.to() : month.atEndOfMonth();
            buckets.add(new Bucket(first.atStartOfDay(zone).toInstant(), last.plusDays(1).atStartOfDay(zone).toInstant(), month.toString()));
        }
        return buckets;
    }
}
