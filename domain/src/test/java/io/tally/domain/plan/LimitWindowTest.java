package io.tally.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LimitWindowTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    static Instant at(String text) {
        return Instant.parse(text);
    }

    static ResetMark mark(ResetType type, String at) {
        return new ResetMark(UUID.nameUUIDFromBytes(at.getBytes()), type, at(at));
    }

    @Test
    void aCalendarMonthRunsFromLocalMidnightOfTheFirstAcrossDaylightSaving() {
        // New York: EDT (UTC-4) until 1 November 2026 02:00, then EST (UTC-5)
        LimitWindow window = LimitWindow.of(LimitPeriod.CALENDAR_MONTH, NEW_YORK, Optional.empty(), List.of(), at("2026-11-22T12:00:00Z"));
        assertThat(window.start()).isEqualTo(at("2026-11-01T04:00:00Z"));
        assertThat(window.end()).isEqualTo(at("2026-12-01T05:00:00Z"));
        assertThat(window.countedFrom()).isEqualTo(window.start());
        assertThat(window.basis()).isEqualTo(LimitPeriod.CALENDAR_MONTH);
    }

    @Test
    void theMonthChangesAtLocalMidnightNotAtUtcMidnight() {
        // 31 October 15:30 UTC is already 1 November 00:30 in Tokyo
        LimitWindow window = LimitWindow.of(LimitPeriod.CALENDAR_MONTH, TOKYO, Optional.empty(), List.of(), at("2026-10-31T15:30:00Z"));
        assertThat(window.start()).isEqualTo(at("2026-10-31T15:00:00Z"));
        assertThat(window.end()).isEqualTo(at("2026-11-30T15:00:00Z"));
    }

    @Test
    void aMonthlyCycleAnchoredOnThe31stEndsOnTheLastDayOfShorterMonthsAndComesBack() {
        BillingCycle cycle = new BillingCycle(at("2026-01-31T10:00:00Z"), Period.ofMonths(1));
        LimitWindow february = LimitWindow.of(LimitPeriod.BILLING_CYCLE, ZoneId.of("UTC"), Optional.of(cycle), List.of(), at("2026-03-01T00:00:00Z"));
        assertThat(february.start()).isEqualTo(at("2026-02-28T10:00:00Z"));
        assertThat(february.end()).isEqualTo(at("2026-03-31T10:00:00Z"));
        LimitWindow later = LimitWindow.of(LimitPeriod.BILLING_CYCLE, ZoneId.of("UTC"), Optional.of(cycle), List.of(), at("2026-11-22T00:00:00Z"));
        assertThat(later.start()).isEqualTo(at("2026-10-31T10:00:00Z"));
        assertThat(later.end()).isEqualTo(at("2026-11-30T10:00:00Z"));
        assertThat(later.basis()).isEqualTo(LimitPeriod.BILLING_CYCLE);
    }

    @Test
    void aTwoWeekCycleStepsInFourteenDaysOfLocalTime() {
        BillingCycle cycle = new BillingCycle(at("2026-10-05T13:00:00Z"), Period.ofDays(14));
        LimitWindow window = LimitWindow.of(LimitPeriod.BILLING_CYCLE, NEW_YORK, Optional.of(cycle), List.of(), at("2026-11-02T12:00:00Z"));
        // 5 Oct 09:00 EDT + 28 days = 2 Nov 09:00 EST = 14:00 UTC; the cycle before runs from 19 Oct 09:00 EDT
        assertThat(window.start()).isEqualTo(at("2026-10-19T13:00:00Z"));
        assertThat(window.end()).isEqualTo(at("2026-11-02T14:00:00Z"));
    }

    @Test
    void aBillingCycleLimitWithoutASubscriptionFallsBackToTheCalendarMonth() {
        LimitWindow window = LimitWindow.of(LimitPeriod.BILLING_CYCLE, TOKYO, Optional.empty(), List.of(), at("2026-11-22T00:00:00Z"));
        assertThat(window.basis()).isEqualTo(LimitPeriod.CALENDAR_MONTH);
        assertThat(window.start()).isEqualTo(at("2026-10-31T15:00:00Z"));
    }

    @Test
    void aUsageResetInsideTheWindowMovesWhereCountingStartsOnly() {
        ResetMark before = mark(ResetType.USAGE, "2026-10-20T00:00:00Z");
        ResetMark inside = mark(ResetType.USAGE, "2026-11-20T08:00:00Z");
        LimitWindow window = LimitWindow.of(LimitPeriod.CALENDAR_MONTH, TOKYO, Optional.empty(), List.of(before, inside), at("2026-11-22T00:00:00Z"));
        assertThat(window.start()).isEqualTo(at("2026-10-31T15:00:00Z"));
        assertThat(window.end()).isEqualTo(at("2026-11-30T15:00:00Z"));
        assertThat(window.countedFrom()).isEqualTo(inside.at());
        assertThat(window.lastReset()).contains(inside);
        LimitWindow next = LimitWindow.of(LimitPeriod.CALENDAR_MONTH, TOKYO, Optional.empty(), List.of(before, inside), at("2026-12-02T00:00:00Z"));
        assertThat(next.countedFrom()).as("next month counts from its start").isEqualTo(next.start());
        assertThat(next.lastReset()).isEmpty();
    }

    @Test
    void aPeriodResetReanchorsTheWindows() {
        ResetMark reset = mark(ResetType.PERIOD, "2026-11-10T06:30:00Z");
        LimitWindow window = LimitWindow.of(LimitPeriod.CALENDAR_MONTH, TOKYO, Optional.empty(), List.of(reset), at("2026-11-22T00:00:00Z"));
        assertThat(window.start()).isEqualTo(reset.at());
        assertThat(window.end()).isEqualTo(at("2026-12-10T06:30:00Z"));
        assertThat(window.lastReset()).contains(reset);
        LimitWindow after = LimitWindow.of(LimitPeriod.CALENDAR_MONTH, TOKYO, Optional.empty(), List.of(reset), at("2026-12-15T00:00:00Z"));
        assertThat(after.start()).isEqualTo(at("2026-12-10T06:30:00Z"));
        assertThat(after.end()).isEqualTo(at("2027-01-10T06:30:00Z"));
        BillingCycle weekly = new BillingCycle(at("2026-01-01T00:00:00Z"), Period.ofDays(7));
        LimitWindow cycle = LimitWindow.of(LimitPeriod.BILLING_CYCLE, TOKYO, Optional.of(weekly), List.of(reset), at("2026-11-22T00:00:00Z"));
        assertThat(cycle.start()).isEqualTo(at("2026-11-17T06:30:00Z"));
        assertThat(cycle.end()).isEqualTo(at("2026-11-24T06:30:00Z"));
    }

    @Test
    void aUsageResetAfterAPeriodResetCountsFromItself() {
        ResetMark period = mark(ResetType.PERIOD, "2026-11-10T00:00:00Z");
        ResetMark usage = mark(ResetType.USAGE, "2026-11-15T00:00:00Z");
        LimitWindow window = LimitWindow.of(LimitPeriod.CALENDAR_MONTH, TOKYO, Optional.empty(), List.of(usage, period), at("2026-11-22T00:00:00Z"));
        assertThat(window.start()).isEqualTo(period.at());
        assertThat(window.countedFrom()).isEqualTo(usage.at());
        assertThat(window.lastReset()).contains(usage);
    }
}
