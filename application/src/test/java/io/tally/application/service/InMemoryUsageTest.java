package io.tally.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.domain.analytics.Aggregation;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.Measurements;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.usage.EventData;
import io.tally.domain.usage.EventKey;
import io.tally.domain.usage.EventType;
import io.tally.domain.usage.FingerprintedEvent;
import io.tally.domain.usage.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The in-memory usage store that service tests measure with answers as docs/metrics.md defines the figures. */
class InMemoryUsageTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final TenantId TENANT = TenantId.of("acme");
    /** Midnight (UTC) of the first of four days, ten days before now. */
    private static final Instant FIRST = NOW.truncatedTo(ChronoUnit.DAYS).minus(10, ChronoUnit.DAYS);

    private final InMemoryStores.Events events = new InMemoryStores.Events();
    private final InMemoryStores.Usage usage = new InMemoryStores.Usage(events);
    private int sent;

    private static Instant day(int index) {
        return FIRST.plus(index, ChronoUnit.DAYS);
    }

    private static List<Bucket> days() {
        List<Bucket> days = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            days.add(new Bucket(day(i), day(i + 1), "day " + i));
        }
        return days;
    }

    private void send(String type, String customer, Instant time, Map<String, String> dimensions, Map<String, BigDecimal> measures) {
        UsageEvent event = new UsageEvent(new EventKey("test", "e-" + sent++), EventType.of(type), Optional.ofNullable(customer).map(CustomerId::of),
                time, true, EventData.of(dimensions, measures));
        events.append(TENANT, List.of(FingerprintedEvent.of(event)), NOW);
    }

    private void send(String type, String customer, Instant time) {
        send(type, customer, time, Map.of(), Map.of());
    }

    @Test
    void activeCustomersAreTheDistinctCustomersWithAnyEventInEachBucket() {
        send("call", "c1", day(0).plus(10, ChronoUnit.HOURS));
        send("api.call", "c1", day(0).plus(11, ChronoUnit.HOURS));
        send("session", "c1", day(1).plus(9, ChronoUnit.HOURS));
        send("call", "c1", day(3).plus(10, ChronoUnit.HOURS));
        send("transcription", "c2", day(1).minusSeconds(1));
        send("storage.snapshot", "c2", day(3));
        send("call", "c3", day(1));
        send("api.call", "c3", day(3).plus(12, ChronoUnit.HOURS));
        send("call", "c3", day(0).minusSeconds(1));
        send("call", "c3", day(4));
        send("api.call", null, day(2).plus(12, ChronoUnit.HOURS));

        assertThat(usage.activeCustomers(TENANT, Optional.empty(), days())).containsExactly(2, 2, 0, 3);
        assertThat(usage.activeCustomers(TENANT, Optional.of(CustomerId.of("c2")), days())).containsExactly(1, 0, 0, 1);
        assertThat(usage.activeCustomers(TENANT, Optional.of(CustomerId.of("nobody")), days())).containsExactly(0, 0, 0, 0);
        assertThat(usage.activeCustomers(TenantId.of("other"), Optional.empty(), days())).containsExactly(0, 0, 0, 0);
    }

    @Test
    void aFilteredMeterHasAGroupForEveryValueItsEventTypeHad() {
        send("call", "c1", day(0), Map.of("agent", "ana", "outcome", "completed"), Map.of());
        send("call", "c1", day(0), Map.of("agent", "bob", "outcome", "failed"), Map.of());
        send("call", "c1", day(0), Map.of("outcome", "completed"), Map.of());
        Meter completedByAgent = meter("completed_by_agent", "call", Aggregation.COUNT, null, Map.of("outcome", "completed"), List.of("agent"));

        Measurements.Groups groups = usage.measure(TENANT, Optional.empty(), List.of(completedByAgent), days(), TimeZoneId.UTC).of(completedByAgent.key()).first();

        assertThat(groups.get(List.of("ana")).amount()).isEqualByComparingTo("1");
        assertThat(groups.get(List.of("bob")).amount()).isEqualByComparingTo("0");
        assertThat(groups.get(Arrays.asList((String) null)).amount()).isEqualByComparingTo("1");
        assertThat(groups.size()).isEqualTo(3);
    }

    @Test
    void latestIsTheLastValueOfACustomerAndTheSumOfLastValuesOfTheTenant() {
        send("storage.snapshot", "c1", day(0).plusSeconds(10), Map.of(), Map.of("bytes", new BigDecimal("100")));
        send("storage.snapshot", "c1", day(0).plusSeconds(20), Map.of(), Map.of("bytes", new BigDecimal("150")));
        send("storage.snapshot", "c2", day(0).plusSeconds(5), Map.of(), Map.of("bytes", new BigDecimal("40")));
        Meter storage = meter("storage", "storage.snapshot", Aggregation.LATEST, "bytes", Map.of(), List.of());

        assertThat(usage.measure(TENANT, Optional.of(CustomerId.of("c1")), List.of(storage), days(), TimeZoneId.UTC).of(storage.key()).first().ungrouped()
                .amount()).isEqualByComparingTo("150");
        Measurements.Series tenantWide = usage.measure(TENANT, Optional.empty(), List.of(storage), days(), TimeZoneId.UTC).of(storage.key());
        assertThat(tenantWide.first().ungrouped().amount()).isEqualByComparingTo("190");
        assertThat(tenantWide.bucket(1).isEmpty()).isTrue();
    }

    @Test
    void aPeakCountsIntervalsThatBeganInAnEarlierBucket() {
        send("session", "c1", day(0).plus(23, ChronoUnit.HOURS), Map.of(), Map.of("duration_s", new BigDecimal("7200")));
        send("session", "c2", day(1).plus(30, ChronoUnit.MINUTES), Map.of(), Map.of("duration_s", new BigDecimal("60")));
        Meter peak = meter("peak", "session", Aggregation.MAX_CONCURRENT, "duration_s", Map.of(), List.of());

        Measurements.Series peaks = usage.measure(TENANT, Optional.empty(), List.of(peak), days(), TimeZoneId.UTC).of(peak.key());

        assertThat(peaks.buckets()).extracting(groups -> groups.ungrouped().amount().longValueExact()).containsExactly(1L, 2L, 0L, 0L);
    }

    private static Meter meter(String key, String type, Aggregation aggregation, String measure, Map<String, String> filters, List<String> groupBy) {
        return new Meter(MeterKey.of(key), key, Optional.empty(), EventType.of(type), aggregation, Optional.ofNullable(measure), Optional.empty(),
                filters, groupBy, BigDecimal.ONE, Optional.empty(), false);
    }
}
