package io.tally.adapter.out.persistence.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.adapter.out.persistence.analytics.MeasurementPlan.FromEvents;
import io.tally.adapter.out.persistence.analytics.MeasurementPlan.FromRollups;
import io.tally.adapter.out.persistence.analytics.MeasurementPlan.LatestPerCustomer;
import io.tally.adapter.out.persistence.analytics.MeasurementPlan.PeakConcurrency;
import io.tally.adapter.out.persistence.analytics.MeasurementPlan.Source;
import io.tally.domain.analytics.Aggregation;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.ItemJoin;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.Buckets;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.analytics.Period;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.usage.EventType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MeasurementPlanTest {

    private static final Instant MIDNIGHT = Instant.parse("2026-03-01T00:00:00Z");
    /** Two UTC days: on the 15-minute slots. */
    private static final List<Bucket> DAYS = List.of(
            new Bucket(MIDNIGHT, MIDNIGHT.plusSeconds(86_400), "day 1"),
            new Bucket(MIDNIGHT.plusSeconds(86_400), MIDNIGHT.plusSeconds(2 * 86_400), "day 2"));

    private static final Meter CALLS = meter("calls", "call", Aggregation.COUNT, null, null, Map.of(), List.of());
    private static final Meter CALL_SECONDS = meter("call_seconds", "call", Aggregation.SUM, "duration_s", null, Map.of(), List.of());
    private static final Meter AVERAGE_CALL = meter("average_call", "call", Aggregation.AVG, "duration_s", null, Map.of(), List.of());
    private static final Meter SHORTEST_CALL = meter("shortest_call", "call", Aggregation.MIN, "duration_s", null, Map.of(), List.of());
    private static final Meter LONGEST_CALL = meter("longest_call", "call", Aggregation.MAX, "duration_s", null, Map.of(), List.of());
    private static final Meter SESSIONS = meter("sessions", "session", Aggregation.COUNT, null, null, Map.of(), List.of());
    private static final Meter COMPLETED = meter("completed_calls", "call", Aggregation.COUNT, null, null, Map.of("outcome", "completed"), List.of());
    private static final Meter BY_AGENT = meter("calls_by_agent", "call", Aggregation.COUNT, null, null, Map.of(), List.of("agent"));
    private static final Meter COMPLETED_BY_AGENT = meter("completed_by_agent", "call", Aggregation.COUNT, null, null,
            Map.of("outcome", "completed"), List.of("agent"));
    private static final Meter BY_OUTCOME = meter("calls_by_outcome", "call", Aggregation.COUNT, null, null, Map.of(), List.of("outcome"));
    private static final Meter AGENTS = meter("agents", "call", Aggregation.UNIQUE_COUNT, null, "agent", Map.of(), List.of());
    private static final Meter STORAGE = meter("storage", "storage.snapshot", Aggregation.LATEST, "bytes", null, Map.of(), List.of());
    private static final Meter PEAK = meter("peak", "session", Aggregation.MAX_CONCURRENT, "duration_s", null, Map.of(), List.of());
    private static final Meter OTHER_PEAK = meter("other_peak", "session", Aggregation.MAX_CONCURRENT, "duration_s", null, Map.of(), List.of());

    private static final List<Meter> ROLLED_UP = List.of(CALLS, CALL_SECONDS, AVERAGE_CALL, SHORTEST_CALL, LONGEST_CALL);

    @Nested
    class WhichSource {

        @Test
        void maxConcurrentIsAPeakForTheTenantAndForACustomer() {
            assertThat(MeasurementPlan.of(List.of(PEAK), false, DAYS).sourceOf(PEAK.key())).isEqualTo(Source.PEAK_CONCURRENCY);
            assertThat(MeasurementPlan.of(List.of(PEAK), true, DAYS).sourceOf(PEAK.key())).isEqualTo(Source.PEAK_CONCURRENCY);
        }

        @Test
        void latestForTheTenantAddsUpLatestValuesAndForACustomerReadsTheEvents() {
            assertThat(MeasurementPlan.of(List.of(STORAGE), false, DAYS).sourceOf(STORAGE.key())).isEqualTo(Source.LATEST_VALUES);
            assertThat(MeasurementPlan.of(List.of(STORAGE), true, DAYS).sourceOf(STORAGE.key())).isEqualTo(Source.RAW_EVENTS);
        }

        @Test
        void tenantWideUngroupedUnfilteredCountSumAvgMinMaxOnSlotsReadTheRollups() {
            MeasurementPlan plan = MeasurementPlan.of(ROLLED_UP, false, DAYS);

            ROLLED_UP.forEach(meter -> assertThat(plan.sourceOf(meter.key())).as(meter.key().value()).isEqualTo(Source.ROLLUPS));
        }

        @Test
        void localDaysInAQuarterHourTimezoneAreOnTheSlots() {
            List<Bucket> kathmandu = Buckets.of(new Period(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 7), TimeZoneId.of("Asia/Kathmandu")),
                    BucketSize.DAY);
            List<Bucket> hours = Buckets.of(new Period(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 1), TimeZoneId.of("Asia/Kathmandu")),
                    BucketSize.HOUR);

            assertThat(MeasurementPlan.onRollupSlots(kathmandu)).isTrue();
            assertThat(MeasurementPlan.onRollupSlots(hours)).isTrue();
            assertThat(MeasurementPlan.of(List.of(CALLS), false, kathmandu).sourceOf(CALLS.key())).isEqualTo(Source.ROLLUPS);
        }

        @Test
        void bucketsOffTheSlotsReadTheEvents() {
            Instant offSlot = MIDNIGHT.plusSeconds(7 * 60);
            List<Bucket> startOff = List.of(new Bucket(offSlot, MIDNIGHT.plusSeconds(86_400), "a"),
                    new Bucket(MIDNIGHT.plusSeconds(86_400), MIDNIGHT.plusSeconds(2 * 86_400), "b"));
            List<Bucket> secondStartOff = List.of(new Bucket(MIDNIGHT, offSlot.plusSeconds(3600), "a"),
                    new Bucket(offSlot.plusSeconds(3600), MIDNIGHT.plusSeconds(86_400), "b"));
            List<Bucket> endOff = List.of(new Bucket(MIDNIGHT, offSlot.plusSeconds(86_400), "a"));
            List<Bucket> aNanosecondOff = List.of(new Bucket(MIDNIGHT.plusNanos(1), MIDNIGHT.plusSeconds(86_400), "a"));

            for (List<Bucket> buckets : List.of(startOff, secondStartOff, endOff, aNanosecondOff)) {
                assertThat(MeasurementPlan.onRollupSlots(buckets)).as(buckets.toString()).isFalse();
                MeasurementPlan plan = MeasurementPlan.of(ROLLED_UP, false, buckets);
                ROLLED_UP.forEach(meter -> assertThat(plan.sourceOf(meter.key())).as(meter.key() + " " + buckets).isEqualTo(Source.RAW_EVENTS));
            }
        }

        @Test
        void filtersGroupsAndDistinctValuesReadTheEvents() {
            MeasurementPlan plan = MeasurementPlan.of(List.of(COMPLETED, BY_AGENT, AGENTS), false, DAYS);

            assertThat(plan.sourceOf(COMPLETED.key())).isEqualTo(Source.RAW_EVENTS);
            assertThat(plan.sourceOf(BY_AGENT.key())).isEqualTo(Source.RAW_EVENTS);
            assertThat(plan.sourceOf(AGENTS.key())).isEqualTo(Source.RAW_EVENTS);
        }

        @Test
        void aMeterWithAJoinOrTimePartsReadsTheEventsEvenTenantWideAndUnfiltered() {
            Meter joined = new Meter(MeterKey.of("refunds"), "refunds", Optional.empty(), EventType.of("order.refunded"), Aggregation.SUM,
                    Optional.of("amount"), Optional.empty(), Map.of(), List.of(), BigDecimal.ONE, Optional.empty(), false,
                    Optional.of(ItemJoin.of("order.placed", "order_id")));
            Meter byHour = meter("by_hour", "call", Aggregation.COUNT, null, null, Map.of(), List.of("@hour"));

            MeasurementPlan plan = MeasurementPlan.of(List.of(joined, byHour, CALLS), false, DAYS);

            assertThat(plan.sourceOf(joined.key())).isEqualTo(Source.RAW_EVENTS);
            assertThat(plan.sourceOf(byHour.key())).isEqualTo(Source.RAW_EVENTS);
            assertThat(plan.steps()).contains(new FromEvents(EventType.of("order.refunded"), List.of(), joined.join(), true, List.of(joined)),
                    new FromEvents(EventType.of("call"), List.of("@hour"), Optional.empty(), true, List.of(byHour)));
        }

        @Test
        void aCustomersFiguresReadTheEvents() {
            MeasurementPlan plan = MeasurementPlan.of(ROLLED_UP, true, DAYS);

            ROLLED_UP.forEach(meter -> assertThat(plan.sourceOf(meter.key())).as(meter.key().value()).isEqualTo(Source.RAW_EVENTS));
        }
    }

    @Nested
    class Statements {

        @Test
        void rolledUpMetersShareOneStatementPerEventType() {
            MeasurementPlan plan = MeasurementPlan.of(List.of(CALLS, SESSIONS, CALL_SECONDS, AVERAGE_CALL), false, DAYS);

            assertThat(plan.steps()).containsExactly(
                    new FromRollups(EventType.of("call"), List.of(CALLS, CALL_SECONDS, AVERAGE_CALL)),
                    new FromRollups(EventType.of("session"), List.of(SESSIONS)));
        }

        @Test
        void eventMetersShareOneStatementPerEventTypeAndGroupBy() {
            Meter sessionsOfACustomer = SESSIONS;
            Meter byAgentAndOutcome = meter("by_agent_and_outcome", "call", Aggregation.COUNT, null, null, Map.of(), List.of("agent", "outcome"));
            Meter byOutcomeAndAgent = meter("by_outcome_and_agent", "call", Aggregation.COUNT, null, null, Map.of(), List.of("outcome", "agent"));

            MeasurementPlan plan = MeasurementPlan.of(List.of(CALLS, BY_AGENT, COMPLETED, sessionsOfACustomer, COMPLETED_BY_AGENT, AGENTS,
                    BY_OUTCOME, byAgentAndOutcome, byOutcomeAndAgent, STORAGE), true, DAYS);

            assertThat(plan.steps()).containsExactly(
                    new FromEvents(EventType.of("call"), List.of(), Optional.empty(), false, List.of(CALLS, COMPLETED, AGENTS)),
                    new FromEvents(EventType.of("call"), List.of("agent"), Optional.empty(), false, List.of(BY_AGENT, COMPLETED_BY_AGENT)),
                    new FromEvents(EventType.of("session"), List.of(), Optional.empty(), false, List.of(sessionsOfACustomer)),
                    new FromEvents(EventType.of("call"), List.of("outcome"), Optional.empty(), false, List.of(BY_OUTCOME)),
                    new FromEvents(EventType.of("call"), List.of("agent", "outcome"), Optional.empty(), false, List.of(byAgentAndOutcome)),
                    new FromEvents(EventType.of("call"), List.of("outcome", "agent"), Optional.empty(), false, List.of(byOutcomeAndAgent)),
                    new FromEvents(EventType.of("storage.snapshot"), List.of(), Optional.empty(), false, List.of(STORAGE)));
        }

        @Test
        void peaksAndTenantWideLatestValuesTakeAStatementEach() {
            Meter otherStorage = meter("other_storage", "storage.snapshot", Aggregation.LATEST, "bytes", null, Map.of(), List.of());

            MeasurementPlan plan = MeasurementPlan.of(List.of(PEAK, STORAGE, OTHER_PEAK, otherStorage), false, DAYS);

            assertThat(plan.steps()).containsExactly(new PeakConcurrency(PEAK), new LatestPerCustomer(STORAGE), new PeakConcurrency(OTHER_PEAK),
                    new LatestPerCustomer(otherStorage));
        }

        @Test
        void aSummaryMixesSourcesInTheOrderOfTheirFirstMeter() {
            MeasurementPlan plan = MeasurementPlan.of(List.of(STORAGE, CALLS, BY_AGENT, PEAK, CALL_SECONDS, COMPLETED_BY_AGENT), false, DAYS);

            assertThat(plan.steps()).containsExactly(
                    new LatestPerCustomer(STORAGE),
                    new FromRollups(EventType.of("call"), List.of(CALLS, CALL_SECONDS)),
                    new FromEvents(EventType.of("call"), List.of("agent"), Optional.empty(), false, List.of(BY_AGENT, COMPLETED_BY_AGENT)),
                    new PeakConcurrency(PEAK));
            assertThat(plan.steps()).extracting(MeasurementPlan.Step::source)
                    .containsExactly(Source.LATEST_VALUES, Source.ROLLUPS, Source.RAW_EVENTS, Source.PEAK_CONCURRENCY);
        }
    }

    private static Meter meter(String key, String type, Aggregation aggregation, String measure, String dimension, Map<String, String> filters,
                               List<String> groupBy) {
        return new Meter(MeterKey.of(key), key, Optional.empty(), EventType.of(type), aggregation, Optional.ofNullable(measure),
                Optional.ofNullable(dimension), filters, groupBy, BigDecimal.ONE, Optional.empty(), false);
    }
}
