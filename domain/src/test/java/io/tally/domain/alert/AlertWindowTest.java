package io.tally.domain.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Alert windows ending on 28 March 2027 at 10:30Z, the day Berlin changes to summer time (02:00 CET → 03:00 CEST): 12:30
 * local. Every instant is worked out by hand from CET (+01:00) before the change and CEST (+02:00) after.
 */
class AlertWindowTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant NOW = Instant.parse("2027-03-28T10:30:00Z");

    static AlertWindow.Span span(String start, String end) {
        return new AlertWindow.Span(Instant.parse(start), Instant.parse(end));
    }

    @Test
    void hourWindowsAreInstantsBeforeNow() {
        assertThat(AlertWindow.LAST_HOUR.current(NOW, BERLIN)).isEqualTo(span("2027-03-28T09:30:00Z", "2027-03-28T10:30:00Z"));
        assertThat(AlertWindow.LAST_HOUR.previous(NOW, BERLIN)).isEqualTo(span("2027-03-28T08:30:00Z", "2027-03-28T09:30:00Z"));
        assertThat(AlertWindow.LAST_24_HOURS.current(NOW, BERLIN)).isEqualTo(span("2027-03-27T10:30:00Z", "2027-03-28T10:30:00Z"));
        assertThat(AlertWindow.LAST_24_HOURS.previous(NOW, BERLIN)).isEqualTo(span("2027-03-26T10:30:00Z", "2027-03-27T10:30:00Z"));
    }

    @Test
    void todayIsSinceLocalMidnightAndComparedWithYesterdayUntilTheSameLocalTime() {
        // today began at 00:00 CET = 23:00Z the day before; it is 11 h 30 min long so far (the clocks skipped an hour)
        assertThat(AlertWindow.TODAY.current(NOW, BERLIN)).isEqualTo(span("2027-03-27T23:00:00Z", "2027-03-28T10:30:00Z"));
        // yesterday 00:00 CET to 12:30 CET
        assertThat(AlertWindow.TODAY.previous(NOW, BERLIN)).isEqualTo(span("2027-03-26T23:00:00Z", "2027-03-27T11:30:00Z"));
        assertThat(AlertWindow.TODAY.current(Instant.parse("2027-03-27T23:00:00Z"), BERLIN)).as("at midnight, empty")
                .isEqualTo(span("2027-03-27T23:00:00Z", "2027-03-27T23:00:00Z"));
    }

    @Test
    void dayWindowsIncludeTodayAndGoBackWholeLocalDays() {
        // 22 March 00:00 CET
        assertThat(AlertWindow.LAST_7_DAYS.current(NOW, BERLIN)).isEqualTo(span("2027-03-21T23:00:00Z", "2027-03-28T10:30:00Z"));
        // 15 March 00:00 CET to 21 March 12:30 CET
        assertThat(AlertWindow.LAST_7_DAYS.previous(NOW, BERLIN)).isEqualTo(span("2027-03-14T23:00:00Z", "2027-03-21T11:30:00Z"));
        // 27 February 00:00 CET
        assertThat(AlertWindow.LAST_30_DAYS.current(NOW, BERLIN).start()).isEqualTo(Instant.parse("2027-02-26T23:00:00Z"));
    }

    @Test
    void thisMonthIsComparedWithLastMonthUntilTheSameDayOrItsLast() {
        Instant now = Instant.parse("2027-03-31T10:00:00Z");
        // 1 March 00:00 CET to 31 March 12:00 CEST
        assertThat(AlertWindow.THIS_MONTH.current(now, BERLIN)).isEqualTo(span("2027-02-28T23:00:00Z", "2027-03-31T10:00:00Z"));
        // 1 February 00:00 CET to 28 February (February has no 31st) 12:00 CET
        assertThat(AlertWindow.THIS_MONTH.previous(now, BERLIN)).isEqualTo(span("2027-01-31T23:00:00Z", "2027-02-28T11:00:00Z"));
    }

    @Test
    void theLimitPeriodComesFromThePlan() {
        assertThatThrownBy(() -> AlertWindow.CURRENT_LIMIT_PERIOD.current(NOW, BERLIN)).isInstanceOf(IllegalArgumentException.class);
    }
}
