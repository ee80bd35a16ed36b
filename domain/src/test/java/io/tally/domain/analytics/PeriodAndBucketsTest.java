package io.tally.domain.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PeriodAndBucketsTest {

    private static final TimeZoneId NEW_YORK = TimeZoneId.of("America/New_York");
    private static final TimeZoneId TAIPEI = TimeZoneId.of("Asia/Taipei");
    private static final TimeZoneId KOLKATA = TimeZoneId.of("Asia/Kolkata");

    @Nested
    class Periods {

        @Test
        void lastDaysEndsTodayAndStartsDaysMinusOneBefore() {
            Period period = Period.lastDays(30, LocalDate.of(2026, 11, 22), TAIPEI);

            assertThat(period.from()).isEqualTo(LocalDate.of(2026, 10, 24));
            assertThat(period.to()).isEqualTo(LocalDate.of(2026, 11, 22));
            assertThat(period.days()).isEqualTo(30);
            // Taipei is UTC+8 all year: local midnight is 16:00 UTC the day before.
            assertThat(period.start()).isEqualTo(Instant.parse("2026-10-23T16:00:00Z"));
            assertThat(period.end()).isEqualTo(Instant.parse("2026-11-22T16:00:00Z"));
        }

        @Test
        void thePreviousPeriodIsAsLongAndEndsTheDayBefore() {
            Period previous = Period.lastDays(30, LocalDate.of(2026, 11, 22), TAIPEI).previous();

            assertThat(previous.from()).isEqualTo(LocalDate.of(2026, 9, 24));
            assertThat(previous.to()).isEqualTo(LocalDate.of(2026, 10, 23));
        }

        @Test
        void refusesMoreThan365DaysAndBackwardPeriods() {
            assertThatThrownBy(() -> Period.lastDays(366, LocalDate.of(2026, 11, 22), TAIPEI)).isInstanceOf(InvalidValueException.class);
            assertThatThrownBy(() -> Period.lastDays(0, LocalDate.of(2026, 11, 22), TAIPEI)).isInstanceOf(InvalidValueException.class);
            assertThatThrownBy(() -> new Period(LocalDate.of(2026, 1, 2), LocalDate.of(2026, 1, 1), TAIPEI))
                    .isInstanceOf(InvalidValueException.class);
            assertThat(new Period(LocalDate.of(2025, 11, 23), LocalDate.of(2026, 11, 22), TAIPEI).days()).isEqualTo(365);
        }
    }

    @Nested
    class DaysAcrossDaylightSaving {

        @Test
        void theSpringForwardDayIs23HoursAndTheFallBackDay25() {
            Period march = new Period(LocalDate.of(2026, 3, 7), LocalDate.of(2026, 3, 9), NEW_YORK);
            Period november = new Period(LocalDate.of(2026, 10, 31), LocalDate.of(2026, 11, 2), NEW_YORK);

            assertThat(Buckets.of(march, BucketSize.DAY)).extracting(b -> Duration.between(b.start(), b.end()).toHours())
                    .containsExactly(24L, 23L, 24L);
            assertThat(Buckets.of(november, BucketSize.DAY)).extracting(b -> Duration.between(b.start(), b.end()).toHours())
                    .containsExactly(24L, 25L, 24L);
            // 2026-03-08 starts at 05:00 UTC (EST, -05:00) and ends at 04:00 UTC (EDT, -04:00).
            assertThat(Buckets.of(march, BucketSize.DAY).get(1))
                    .isEqualTo(new Bucket(Instant.parse("2026-03-08T05:00:00Z"), Instant.parse("2026-03-09T04:00:00Z"), "2026-03-08"));
        }

        @Test
        void hourBucketsFollowRealHoursWithTheirOffsetsInTheLabel() {
            List<Bucket> fallBack = Buckets.of(new Period(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 1), NEW_YORK), BucketSize.HOUR);
            List<Bucket> springForward = Buckets.of(new Period(LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 8), NEW_YORK), BucketSize.HOUR);

            assertThat(fallBack).hasSize(25);
            assertThat(fallBack).extracting(Bucket::label).contains("2026-11-01T01:00-04:00", "2026-11-01T01:00-05:00");
            assertThat(springForward).hasSize(23);
            assertThat(springForward).extracting(Bucket::label).doesNotContain("2026-03-08T02:00-05:00", "2026-03-08T02:00-04:00")
                    .contains("2026-03-08T01:00-05:00", "2026-03-08T03:00-04:00");
            assertThat(Buckets.count(new Period(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 1), NEW_YORK), BucketSize.HOUR)).isEqualTo(25);
        }

        @Test
        void halfHourZonesCutDaysAtTheirOwnMidnight() {
            Bucket day = Buckets.of(new Period(LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 1), KOLKATA), BucketSize.DAY).getFirst();

            assertThat(day.start()).isEqualTo(Instant.parse("2026-04-30T18:30:00Z"));
            assertThat(day.end()).isEqualTo(Instant.parse("2026-05-01T18:30:00Z"));
        }
    }

    @Nested
    class WeeksAndMonths {

        @Test
        void weeksStartOnMondayAndAreCutShortAtTheEdgesOfThePeriod() {
            // Wednesday 2026-11-04 to Tuesday 2026-11-17
            List<Bucket> weeks = Buckets.of(new Period(LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 17), TimeZoneId.UTC), BucketSize.WEEK);

            assertThat(weeks).containsExactly(
                    new Bucket(Instant.parse("2026-11-04T00:00:00Z"), Instant.parse("2026-11-09T00:00:00Z"), "2026-11-02"),
                    new Bucket(Instant.parse("2026-11-09T00:00:00Z"), Instant.parse("2026-11-16T00:00:00Z"), "2026-11-09"),
                    new Bucket(Instant.parse("2026-11-16T00:00:00Z"), Instant.parse("2026-11-18T00:00:00Z"), "2026-11-16"));
        }

        @Test
        void monthsAreCalendarMonthsCutToThePeriod() {
            List<Bucket> months = Buckets.of(new Period(LocalDate.of(2026, 1, 15), LocalDate.of(2026, 3, 10), TAIPEI), BucketSize.MONTH);

            assertThat(months).extracting(Bucket::label).containsExactly("2026-01", "2026-02", "2026-03");
            assertThat(months.get(0).start()).isEqualTo(Instant.parse("2026-01-14T16:00:00Z"));
            assertThat(months.get(1).start()).isEqualTo(Instant.parse("2026-01-31T16:00:00Z"));
            assertThat(months.get(2).end()).isEqualTo(Instant.parse("2026-03-10T16:00:00Z"));
        }

        @Test
        void bucketsFollowOneAnotherWithoutGaps() {
            for (BucketSize size : BucketSize.values()) {
                List<Bucket> buckets = Buckets.of(new Period(LocalDate.of(2026, 2, 20), LocalDate.of(2026, 4, 3), NEW_YORK), size);
                for (int i = 1; i < buckets.size(); i++) {
                    assertThat(buckets.get(i).start()).as(size + " " + i).isEqualTo(buckets.get(i - 1).end());
                }
                assertThat(Buckets.count(new Period(LocalDate.of(2026, 2, 20), LocalDate.of(2026, 4, 3), NEW_YORK), size)).isEqualTo(buckets.size());
            }
        }
    }
}
