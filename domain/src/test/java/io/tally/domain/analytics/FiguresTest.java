package io.tally.domain.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.usage.EventType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void growthIsTheChangeOverThePreviousValueInPercentWithTwoDecimals() {
        assertThat(Figures.growthPercent(new BigDecimal("150"), new BigDecimal("120"))).isEqualByComparingTo("25.00");
        assertThat(Figures.growthPercent(new BigDecimal("1"), new BigDecimal("3"))).isEqualByComparingTo("-66.67");
        assertThat(Figures.growthPercent(new BigDecimal("2"), new BigDecimal("3"))).isEqualByComparingTo("-33.33");
        assertThat(Figures.growthPercent(BigDecimal.ZERO, new BigDecimal("8"))).isEqualByComparingTo("-100.00");
        // from a negative value the sign still says which way it went: −2 → 1 is up by 3, 150 % of 2; −2 → −3 down by 50 %
        assertThat(Figures.growthPercent(new BigDecimal("1"), new BigDecimal("-2"))).isEqualByComparingTo("150.00");
        assertThat(Figures.growthPercent(new BigDecimal("-3"), new BigDecimal("-2"))).isEqualByComparingTo("-50.00");
    }

    @Test
    void growthFromZeroOrFromNothingIsNull() {
        assertThat(Figures.growthPercent(new BigDecimal("5"), BigDecimal.ZERO)).isNull();
        assertThat(Figures.growthPercent(new BigDecimal("5"), null)).isNull();
        assertThat(Figures.growthPercent(null, new BigDecimal("5"))).isNull();
    }

    @Test
    void aRatioOverZeroIsNull() {
        assertThat(Figures.percent(new BigDecimal("2"), new BigDecimal("3"))).isEqualByComparingTo("66.67");
        assertThat(Figures.percent(BigDecimal.ZERO, BigDecimal.ZERO)).isNull();
    }

    @Test
    void aMeterTurnsMeasurementsIntoFigures() {
        Meter storage = BuiltInMeters.get(BuiltInMeters.STORAGE_USED_MB);
        Meter sessionMinutes = BuiltInMeters.get(BuiltInMeters.SESSION_MINUTES);
        Meter average = BuiltInMeters.get(BuiltInMeters.CALL_DURATION_AVG_S);
        Meter calls = BuiltInMeters.get(BuiltInMeters.CALLS);

        assertThat(storage.valueOf(Measurement.of(new BigDecimal("123456789")))).isEqualByComparingTo("123.5").hasToString("123.5");
        assertThat(storage.valueOf(Measurement.NONE)).isNull();
        assertThat(sessionMinutes.valueOf(Measurement.of(new BigDecimal("125")))).hasToString("2.08");
        assertThat(sessionMinutes.valueOf(Measurement.NONE)).hasToString("0.00");
        assertThat(average.valueOf(new Measurement(new BigDecimal("1000"), 3))).hasToString("333.33");
        assertThat(average.valueOf(new Measurement(null, 0))).isNull();
        assertThat(calls.valueOf(Measurement.NONE)).isEqualByComparingTo("0");
    }

    @Test
    void peaksCountOverlapsAtOneInstantWithTouchingIntervalsApart() {
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        Bucket day = new Bucket(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"), "2026-11-20");
        List<MaxConcurrent.Interval> sessions = List.of(
                new MaxConcurrent.Interval(t, t.plusSeconds(3600)),                    // 10:00-11:00
                new MaxConcurrent.Interval(t.plusSeconds(600), t.plusSeconds(1800)),   // 10:10-10:30
                new MaxConcurrent.Interval(t.plusSeconds(1200), t.plusSeconds(2400)),  // 10:20-10:40: three at 10:20-10:30
                new MaxConcurrent.Interval(t.plusSeconds(3600), t.plusSeconds(4000)),  // 11:00, touches the first: not a fourth
                new MaxConcurrent.Interval(t.plusSeconds(5000), t.plusSeconds(5000))); // empty

        assertThat(MaxConcurrent.peaks(sessions, List.of(day))).containsExactly(3);
    }

    @Test
    void anIntervalThatStartedEarlierCountsInTheNextBucket() {
        Bucket first = new Bucket(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"), "2026-11-20");
        Bucket second = new Bucket(Instant.parse("2026-11-21T00:00:00Z"), Instant.parse("2026-11-22T00:00:00Z"), "2026-11-21");
        Bucket third = new Bucket(Instant.parse("2026-11-22T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z"), "2026-11-22");
        List<MaxConcurrent.Interval> sessions = List.of(
                new MaxConcurrent.Interval(Instant.parse("2026-11-20T23:00:00Z"), Instant.parse("2026-11-21T01:00:00Z")),
                new MaxConcurrent.Interval(Instant.parse("2026-11-21T00:30:00Z"), Instant.parse("2026-11-22T00:00:00Z")),
                new MaxConcurrent.Interval(Instant.parse("2026-11-19T00:00:00Z"), Instant.parse("2026-11-20T06:00:00Z")));

        assertThat(MaxConcurrent.peaks(sessions, List.of(first, second, third))).containsExactly(1, 2, 0);
    }

    @Test
    void aMeterNeedsWhatItsAggregationNeeds() {
        assertThatThrownBy(() -> new Meter(MeterKey.of("m"), "M", Optional.empty(),
                EventType.of("call"), Aggregation.SUM, Optional.empty(), Optional.empty(), Map.of(), List.of(),
                BigDecimal.ONE, Optional.empty(), false)).hasMessage("is required for sum");
        assertThatThrownBy(() -> new Meter(MeterKey.of("m"), "M", Optional.empty(),
                EventType.of("call"), Aggregation.COUNT, Optional.empty(), Optional.empty(), Map.of(),
                List.of("a", "b", "c"), BigDecimal.ONE, Optional.empty(), false).requireDefinable()).hasMessage("may name at most 2 dimensions");
    }
}
