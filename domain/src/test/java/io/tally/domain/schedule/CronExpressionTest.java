package io.tally.domain.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.common.InvalidValueException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Fire times of cron expressions in a timezone, across both 2027 clock changes of Berlin (28 March 02:00 CET to 03:00
 * CEST; 31 October 03:00 CEST back to 02:00 CET) and New York (14 March 02:00 EST to 03:00 EDT; 7 November 02:00 EDT
 * back to 01:00 EST). Every expected instant is worked out by hand from those offsets.
 */
class CronExpressionTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static List<Instant> runs(String cron, String after, ZoneId zone, int count) {
        return CronExpression.parse(cron).nextRuns(Instant.parse(after), zone, count);
    }

    private static List<Instant> instants(String... texts) {
        return java.util.Arrays.stream(texts).map(Instant::parse).toList();
    }

    /** How many runs fall on a local day. */
    private static long onDay(List<Instant> runs, ZoneId zone, String day) {
        return runs.stream().filter(run -> LocalDate.ofInstant(run, zone).equals(LocalDate.parse(day))).count();
    }

    @Nested
    class Berlin {

        @Test
        void dailyNineIsEightUtcInWinterAndSevenInSummer() {
            assertThat(runs("0 9 * * *", "2027-01-14T12:00:00Z", BERLIN, 1)).containsExactlyElementsOf(instants("2027-01-15T08:00:00Z"));
            assertThat(runs("0 9 * * *", "2027-07-14T12:00:00Z", BERLIN, 1)).containsExactlyElementsOf(instants("2027-07-15T07:00:00Z"));
            assertThat(runs("0 9 * * *", "2027-03-26T12:00:00Z", BERLIN, 3))
                    .containsExactlyElementsOf(instants("2027-03-27T08:00:00Z", "2027-03-28T07:00:00Z", "2027-03-29T07:00:00Z"));
            assertThat(runs("0 9 * * *", "2027-10-29T12:00:00Z", BERLIN, 3))
                    .containsExactlyElementsOf(instants("2027-10-30T07:00:00Z", "2027-10-31T08:00:00Z", "2027-11-01T08:00:00Z"));
        }

        @Test
        void halfPastTwoOnTheSpringForwardDayFiresOnceAtThree() {
            List<Instant> runs = runs("30 2 * * *", "2027-03-26T12:00:00Z", BERLIN, 4);
            // 27 March 02:30 CET; 28 March 02:30 does not exist: 03:00 CEST = 01:00Z; then 02:30 CEST = 00:30Z
            assertThat(runs).containsExactlyElementsOf(instants("2027-03-27T01:30:00Z", "2027-03-28T01:00:00Z", "2027-03-29T00:30:00Z",
                    "2027-03-30T00:30:00Z"));
            assertThat(onDay(runs, BERLIN, "2027-03-28")).isEqualTo(1);
        }

        @Test
        void everyQuarterHourThroughTheGapFiresOnceAtThree() {
            // 01:45 CET, then 02:00 to 03:00 local all mean 03:00 CEST (01:00Z), once; then 03:15 CEST
            assertThat(runs("*/15 * * * *", "2027-03-28T00:40:00Z", BERLIN, 3))
                    .containsExactlyElementsOf(instants("2027-03-28T00:45:00Z", "2027-03-28T01:00:00Z", "2027-03-28T01:15:00Z"));
        }

        @Test
        void halfPastTwoOnTheFallBackDayFiresOnceAtItsFirstOccurrence() {
            List<Instant> runs = runs("30 2 * * *", "2027-10-29T12:00:00Z", BERLIN, 3);
            // 30 October 02:30 CEST = 00:30Z; 31 October 02:30 happens twice: the first, CEST, 00:30Z; 1 November 02:30 CET = 01:30Z
            assertThat(runs).containsExactlyElementsOf(instants("2027-10-30T00:30:00Z", "2027-10-31T00:30:00Z", "2027-11-01T01:30:00Z"));
            assertThat(onDay(runs, BERLIN, "2027-10-31")).isEqualTo(1);
        }

        @Test
        void halfPastOneOnTheFallBackDayFiresOnce() {
            List<Instant> runs = runs("30 1 * * *", "2027-10-30T12:00:00Z", BERLIN, 2);
            assertThat(runs).containsExactlyElementsOf(instants("2027-10-30T23:30:00Z", "2027-11-01T00:30:00Z"));
            assertThat(onDay(runs, BERLIN, "2027-10-31")).isEqualTo(1);
        }

        @Test
        void theRepeatedHourIsNotRunAgainFromInsideIt() {
            // asked at 02:10 CET (the second 02:10, 01:10Z): 02:30 already fired at its first occurrence, so next is 03:00 CET
            assertThat(runs("*/30 * * * *", "2027-10-31T01:10:00Z", BERLIN, 2))
                    .containsExactlyElementsOf(instants("2027-10-31T02:00:00Z", "2027-10-31T02:30:00Z"));
        }
    }

    @Nested
    class NewYork {

        @Test
        void halfPastTwoOnTheSpringForwardDayFiresOnceAtThree() {
            List<Instant> runs = runs("30 2 * * *", "2027-03-13T12:00:00Z", NEW_YORK, 3);
            // 13 March 02:30 EST does not come (asked after); 14 March 03:00 EDT = 07:00Z; 15 March 02:30 EDT = 06:30Z
            assertThat(runs).containsExactlyElementsOf(instants("2027-03-14T07:00:00Z", "2027-03-15T06:30:00Z", "2027-03-16T06:30:00Z"));
            assertThat(onDay(runs, NEW_YORK, "2027-03-14")).isEqualTo(1);
        }

        @Test
        void halfPastOneOnTheFallBackDayFiresOnceAtItsFirstOccurrence() {
            List<Instant> runs = runs("30 1 * * *", "2027-11-06T12:00:00Z", NEW_YORK, 3);
            // 7 November 01:30 EDT = 05:30Z (01:30 EST, 06:30Z, is the same local time again); 8 November 01:30 EST = 06:30Z
            assertThat(runs).containsExactlyElementsOf(instants("2027-11-07T05:30:00Z", "2027-11-08T06:30:00Z", "2027-11-09T06:30:00Z"));
            assertThat(onDay(runs, NEW_YORK, "2027-11-07")).isEqualTo(1);
        }

        @Test
        void mondaysAtNineAcrossBothChanges() {
            assertThat(runs("0 9 * * MON", "2027-03-01T00:00:00Z", NEW_YORK, 3))
                    .containsExactlyElementsOf(instants("2027-03-01T14:00:00Z", "2027-03-08T14:00:00Z", "2027-03-15T13:00:00Z"));
            assertThat(runs("0 9 * * 1", "2027-11-01T00:00:00Z", NEW_YORK, 2))
                    .containsExactlyElementsOf(instants("2027-11-01T13:00:00Z", "2027-11-08T14:00:00Z"));
        }
    }

    @Nested
    class Fields {

        @Test
        void readsListsRangesStepsNamesAndMacros() {
            assertThat(runs("0,30 8-9 * * *", "2027-01-01T00:00:00Z", ZoneId.of("UTC"), 5)).containsExactlyElementsOf(instants(
                    "2027-01-01T08:00:00Z", "2027-01-01T08:30:00Z", "2027-01-01T09:00:00Z", "2027-01-01T09:30:00Z", "2027-01-02T08:00:00Z"));
            assertThat(runs("@weekly", "2027-01-01T00:00:00Z", ZoneId.of("UTC"), 1)).containsExactlyElementsOf(instants("2027-01-03T00:00:00Z"));
            assertThat(runs("0 0 1 jan-mar/2 *", "2027-01-02T00:00:00Z", ZoneId.of("UTC"), 2))
                    .containsExactlyElementsOf(instants("2027-03-01T00:00:00Z", "2028-01-01T00:00:00Z"));
            // day 7 is Sunday, as 0 is
            assertThat(runs("0 12 * * 7", "2027-01-01T00:00:00Z", ZoneId.of("UTC"), 1)).containsExactlyElementsOf(instants("2027-01-03T12:00:00Z"));
        }

        @Test
        void aRestrictedDayOfMonthAndDayOfWeekFireOnEither() {
            // the 13th, or any Friday: Friday 1 January 2027, Friday 8 January, Wednesday 13 January
            assertThat(runs("0 0 13 * 5", "2026-12-31T12:00:00Z", ZoneId.of("UTC"), 3))
                    .containsExactlyElementsOf(instants("2027-01-01T00:00:00Z", "2027-01-08T00:00:00Z", "2027-01-13T00:00:00Z"));
        }

        @Test
        void theTwentyNinthOfFebruaryComesInLeapYears() {
            assertThat(runs("0 0 29 2 *", "2027-01-01T00:00:00Z", ZoneId.of("UTC"), 1)).containsExactlyElementsOf(instants("2028-02-29T00:00:00Z"));
        }

        @Test
        void namesTheFieldThatIsWrong() {
            assertThatThrownBy(() -> CronExpression.parse("0 24 * * *")).isInstanceOf(InvalidValueException.class)
                    .hasMessage("hour (field 2): 24 is outside 0-23").extracting("field").isEqualTo("cron");
            assertThatThrownBy(() -> CronExpression.parse("61 * * * *")).hasMessage("minute (field 1): 61 is outside 0-59");
            assertThatThrownBy(() -> CronExpression.parse("0 9 * * funday")).hasMessageStartingWith("day of week (field 5): 'FUNDAY' is not a number");
            assertThatThrownBy(() -> CronExpression.parse("0 9 * 13 *")).hasMessage("month (field 4): 13 is outside 1-12");
            assertThatThrownBy(() -> CronExpression.parse("0 9 5-1 * *")).hasMessage("day of month (field 3): the range '5-1' ends before it starts");
            assertThatThrownBy(() -> CronExpression.parse("0 0 9 * * *")).hasMessageStartingWith("has 6 fields; it takes five");
            assertThatThrownBy(() -> CronExpression.parse("*/0 * * * *")).hasMessageContaining("minute (field 1)");
            assertThatThrownBy(() -> CronExpression.parse("0 0 30 2 *")).hasMessage("'0 0 30 2 *' never fires: no month of those has that day");
            assertThatThrownBy(() -> CronExpression.parse(" ")).hasMessageStartingWith("is required");
        }
    }
}
