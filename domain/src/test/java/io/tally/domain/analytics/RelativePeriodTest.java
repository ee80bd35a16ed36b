package io.tally.domain.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.common.TimeZoneId;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Relative periods on days chosen for their edges; each expected day worked out on a calendar. */
class RelativePeriodTest {

    static final TimeZoneId BERLIN = TimeZoneId.of("Europe/Berlin");

    static Period on(RelativePeriod period, String today) {
        return period.resolve(LocalDate.parse(today), BERLIN);
    }

    @Test
    void yesterdayIsTheWholeDayBefore() {
        assertThat(on(RelativePeriod.YESTERDAY, "2027-03-01")).isEqualTo(new Period(LocalDate.parse("2027-02-28"), LocalDate.parse("2027-02-28"), BERLIN));
    }

    @Test
    void lastWeekIsTheWholeMondayToSundayBeforeThisWeek() {
        // Monday 29 March 2027: last week is Monday 22 to Sunday 28 March (167 hours long: Berlin changed to summer time on the 28th)
        assertThat(on(RelativePeriod.LAST_WEEK, "2027-03-29")).isEqualTo(new Period(LocalDate.parse("2027-03-22"), LocalDate.parse("2027-03-28"), BERLIN));
        // Sunday 4 April: this week began on Monday 29 March, so last week is still 22 to 28 March
        assertThat(on(RelativePeriod.LAST_WEEK, "2027-04-04")).isEqualTo(new Period(LocalDate.parse("2027-03-22"), LocalDate.parse("2027-03-28"), BERLIN));
        // Friday 1 January 2027: Monday 21 to Sunday 27 December 2026, across the year
        assertThat(on(RelativePeriod.LAST_WEEK, "2027-01-01")).isEqualTo(new Period(LocalDate.parse("2026-12-21"), LocalDate.parse("2026-12-27"), BERLIN));
    }

    @Test
    void theOthersAsBefore() {
        assertThat(on(RelativePeriod.LAST_7_DAYS, "2027-03-29").from()).isEqualTo(LocalDate.parse("2027-03-23"));
        assertThat(on(RelativePeriod.LAST_MONTH, "2027-03-29")).isEqualTo(new Period(LocalDate.parse("2027-02-01"), LocalDate.parse("2027-02-28"), BERLIN));
        assertThat(RelativePeriod.fromWireName("last_week", "period")).isEqualTo(RelativePeriod.LAST_WEEK);
        assertThatThrownBy(() -> RelativePeriod.fromWireName("last_fortnight", "period")).hasMessageContaining("yesterday, last_7_days, last_30_days, last_week");
    }
}
