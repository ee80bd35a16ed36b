package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.tally.application.port.in.RecordUsageCommand;
import io.tally.application.port.in.RecordUsageUseCase;
import io.tally.application.port.out.UsageAggregationPort;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.Buckets;
import io.tally.domain.analytics.BuiltInMeters;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.Period;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.usage.EventData;
import io.tally.domain.usage.EventKey;
import io.tally.domain.usage.EventType;
import io.tally.domain.usage.UsageEvent;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Customers active in each bucket": the distinct customers with at least one event of any type, worked out by
 * hand from three customers over four days, the third day holding only an event without a customer.
 */
@MicronautTest(transactional = false)
class ActiveCustomersIT extends ApiTestSupport {

    @Inject
    UsageAggregationPort usage;

    @Inject
    RecordUsageUseCase recorder;

    /** Midnight (UTC) of the first of the four days, ten days ago. */
    final Instant first = TestClock.now().truncatedTo(ChronoUnit.DAYS).minus(10, ChronoUnit.DAYS);

    Instant day(int index) {
        return first.plus(index, ChronoUnit.DAYS);
    }

    @BeforeEach
    void load() {
        List<Map<String, Object>> events = new ArrayList<>();
        // c1: two events on day 0 (one active customer, not two), one on day 1, one on day 3
        events.add(event("a1", "call", "c1", day(0).plus(10, ChronoUnit.HOURS)));
        events.add(event("a2", "api.call", "c1", day(0).plus(11, ChronoUnit.HOURS)));
        events.add(event("a3", "session", "c1", day(1).plus(9, ChronoUnit.HOURS)));
        events.add(event("a4", "call", "c1", day(3).plus(10, ChronoUnit.HOURS)));
        // c2: the last second of day 0, the first instant of day 3
        events.add(event("b1", "transcription", "c2", day(1).minusSeconds(1)));
        events.add(event("b2", "storage.snapshot", "c2", day(3)));
        // c3: day 1 and day 3, and one event just before and one just after the four days
        events.add(event("c1", "call", "c3", day(1)));
        events.add(event("c2", "api.call", "c3", day(3).plus(12, ChronoUnit.HOURS)));
        events.add(event("c3", "call", "c3", day(0).minusSeconds(1)));
        events.add(event("c4", "call", "c3", day(4)));
        Api.Reply reply = api.postEvents(Tokens.service(tenant, "events:write"), events);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.map()).containsEntry("accepted", 10);
        // day 2: only an event without a customer, as Tally records for staff tokens
        recorder.recordUsage(new RecordUsageCommand(TenantId.of(tenant), List.of(new UsageEvent(new EventKey("tally", "staff-1"),
                EventType.of("api.call"), Optional.empty(), day(2).plus(12, ChronoUnit.HOURS), true, EventData.empty()))));
    }

    private static Map<String, Object> event(String id, String type, String subject, Instant time) {
        return Events.event(id, "gen", type, subject, time.toString(), Map.of());
    }

    private List<Bucket> utcDays() {
        List<Bucket> days = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            days.add(new Bucket(day(i), day(i + 1), "day " + i));
        }
        return days;
    }

    @Test
    void theTenantsActiveCustomersPerDay() {
        // day 0: c1, c2; day 1: c1, c3; day 2: no customer; day 3: c1, c2, c3
        assertThat(usage.activeCustomers(TenantId.of(tenant), Optional.empty(), utcDays())).containsExactly(2, 2, 0, 3);
        // the event without a customer is stored (it counts as an API call), it just makes no one active
        Meter apiCalls = BuiltInMeters.get(BuiltInMeters.API_CALLS_MADE);
        assertThat(usage.measure(TenantId.of(tenant), Optional.empty(), List.of(apiCalls), utcDays(), TimeZoneId.UTC).of(apiCalls.key()).bucket(2)
                .ungrouped().amount()).isEqualByComparingTo("1");
    }

    @Test
    void oneCustomerIsActiveOrNot() {
        assertThat(usage.activeCustomers(TenantId.of(tenant), Optional.of(CustomerId.of("c1")), utcDays())).containsExactly(1, 1, 0, 1);
        assertThat(usage.activeCustomers(TenantId.of(tenant), Optional.of(CustomerId.of("c2")), utcDays())).containsExactly(1, 0, 0, 1);
        assertThat(usage.activeCustomers(TenantId.of(tenant), Optional.of(CustomerId.of("c3")), utcDays())).containsExactly(0, 1, 0, 1);
    }

    @Test
    void aCustomerWithoutEventsIsNeverActive() {
        assertThat(usage.activeCustomers(TenantId.of(tenant), Optional.of(CustomerId.of("nobody")), utcDays())).containsExactly(0, 0, 0, 0);
    }

    @Test
    void localDaysCutTheEventsAtLocalMidnight() {
        // Kathmandu is UTC+05:45: c2's 23:59:59 on day 0 falls on local day 1, c3's last second before day 0 on local
        // day 0, and c3's first instant of day 4 on local day 4, outside the period.
        LocalDate from = LocalDate.ofInstant(first, ZoneOffset.UTC);
        List<Bucket> kathmandu = Buckets.of(new Period(from, from.plusDays(3), TimeZoneId.of("Asia/Kathmandu")), BucketSize.DAY);

        assertThat(usage.activeCustomers(TenantId.of(tenant), Optional.empty(), kathmandu)).containsExactly(2, 3, 0, 3);
    }
}
