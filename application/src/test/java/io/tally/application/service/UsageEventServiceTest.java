package io.tally.application.service;

import io.tally.application.port.out.operations.OperationsTelemetryPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.application.port.in.EventSubmission;
import io.tally.application.port.in.IngestEventsCommand;
import io.tally.application.port.in.IngestResult;
import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.usage.EventKey;
import io.tally.domain.usage.IngestOutcome;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UsageEventServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final TenantId TENANT = TenantId.of("acme");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryStores.Tenants tenants = new InMemoryStores.Tenants();
    private final InMemoryStores.Customers customers = new InMemoryStores.Customers();
    private final InMemoryStores.Events events = new InMemoryStores.Events();
    private final InMemoryStores.Transactions transactions = new InMemoryStores.Transactions();
    private final InMemoryStores.Privacy privacy = new InMemoryStores.Privacy();
    private final UsageEventService service = new UsageEventService(events, customers, new InMemoryStores.Consents(), privacy,
            new TenantService(tenants, new InMemoryStores.AuditLog(), transactions, clock), transactions, OperationsTelemetryPort.NONE, clock);
    private final Actor service1 = Actor.service(TENANT, "calls", Set.of("events:write"), "r");

    private static EventSubmission call(String id, String time, String outcome) {
        return EventSubmission.of("1.0", id, "calls", "call", "coach-1", time,
                Map.of("outcome", outcome, "currency", "USD"), Map.of("duration_s", new BigDecimal("61"), "cost", new BigDecimal("0.25")));
    }

    private IngestResult ingest(EventSubmission... submissions) {
        return service.ingest(new IngestEventsCommand(service1, List.of(submissions)));
    }

    @Test
    void storesValidEventsAndCreatesTheirCustomers() {
        IngestResult result = ingest(call("c-1", "2026-11-22T09:00:00Z", "completed"), call("c-2", null, "failed"));

        assertThat(result.items()).extracting(IngestResult.Item::outcome).containsExactly(IngestOutcome.ACCEPTED, IngestOutcome.ACCEPTED);
        assertThat(customers.find(TENANT, CustomerId.of("coach-1"))).isPresent();
        assertThat(events.byTenant.get(TENANT).get(new EventKey("calls", "c-2")).event().time()).isEqualTo(NOW);
        assertThat(transactions.started).isEqualTo(1);
    }

    @Test
    void anErasedCustomersEventsAreRejectedItemByItemAndARestrictedOnesStoredButWithheld() {
        privacy.erased.add(CustomerId.of("gone"));
        privacy.restricted.add(CustomerId.of("coach-1"));
        EventSubmission erased = EventSubmission.of("1.0", "g-1", "calls", "call", "gone", "2026-11-22T09:00:00Z", Map.of(), Map.of());

        IngestResult result = ingest(call("c-1", "2026-11-22T09:00:00Z", "completed"), erased, erased);

        assertThat(result.items()).extracting(IngestResult.Item::outcome)
                .containsExactly(IngestOutcome.ACCEPTED, IngestOutcome.REJECTED, IngestOutcome.REJECTED);
        assertThat(result.items().get(1).reason()).isEqualTo("customer 'gone' was erased at their request (GDPR Art. 17): events about them are not stored");
        assertThat(events.byTenant.get(TENANT)).containsOnlyKeys(new EventKey("calls", "c-1"));
        assertThat(customers.find(TENANT, CustomerId.of("gone"))).isEmpty();
        assertThat(events.withheld).containsExactly(CustomerId.of("coach-1"));
    }

    @Test
    void aResentEventIsADuplicateAndAChangedOneAConflictThatKeepsTheOriginal() {
        ingest(call("c-1", "2026-11-22T09:00:00Z", "completed"));

        IngestResult again = ingest(call("c-1", "2026-11-22T09:00:00Z", "completed"), call("c-1", "2026-11-22T09:00:00Z", "failed"));

        assertThat(again.items()).extracting(IngestResult.Item::outcome).containsExactly(IngestOutcome.DUPLICATE, IngestOutcome.CONFLICT);
        assertThat(again.items().get(1).reason()).contains("already stored with other content");
        assertThat(events.byTenant.get(TENANT).get(new EventKey("calls", "c-1")).event().data().dimensions())
                .containsEntry("outcome", "completed");
    }

    @Test
    void theSameKeyTwiceInOneBatchIsStoredOnce() {
        IngestResult result = ingest(call("c-1", "2026-11-22T09:00:00Z", "completed"), call("c-1", "2026-11-22T09:00:00Z", "completed"),
                call("c-1", "2026-11-22T09:00:00Z", "busy"));

        assertThat(result.items()).extracting(IngestResult.Item::outcome)
                .containsExactly(IngestOutcome.ACCEPTED, IngestOutcome.DUPLICATE, IngestOutcome.CONFLICT);
        assertThat(events.byTenant.get(TENANT)).hasSize(1);
    }

    @Test
    void resendingAnEventWithoutTimeIsADuplicateThoughItArrivesLater() {
        ingest(call("c-1", null, "completed"));
        UsageEventService later = new UsageEventService(events, customers, new InMemoryStores.Consents(), privacy,
                new TenantService(tenants, new InMemoryStores.AuditLog(), transactions, Clock.offset(clock, Duration.ofMinutes(3))),
                transactions, OperationsTelemetryPort.NONE, Clock.offset(clock, Duration.ofMinutes(3)));

        IngestResult result = later.ingest(new IngestEventsCommand(service1, List.of(call("c-1", null, "completed"))));

        assertThat(result.items().getFirst().outcome()).isEqualTo(IngestOutcome.DUPLICATE);
    }

    @Test
    void numbersThatDifferOnlyInTrailingZerosAreTheSameContent() {
        ingest(EventSubmission.of("1.0", "t-1", "asr", "transcription", "coach-1", "2026-11-22T09:00:00Z",
                Map.of(), Map.of("minutes", new BigDecimal("12.50"))));

        IngestResult result = ingest(EventSubmission.of("1.0", "t-1", "asr", "transcription", "coach-1",
                "2026-11-22T09:00:00+00:00", Map.of(), Map.of("minutes", new BigDecimal("12.5"))));

        assertThat(result.items().getFirst().outcome()).isEqualTo(IngestOutcome.DUPLICATE);
    }

    @Test
    void rejectsInvalidItemsWithAReasonAndStoresTheRest() {
        IngestResult result = ingest(
                call("ok", "2026-11-22T09:00:00Z", "completed"),
                EventSubmission.of("0.3", "a", "calls", "call", "coach-1", null, Map.of(), Map.of()),
                EventSubmission.of("1.0", null, "calls", "call", "coach-1", null, Map.of(), Map.of()),
                EventSubmission.of("1.0", "b", "calls", "call", "a/b", null, Map.of(), Map.of()),
                EventSubmission.of("1.0", "c", "calls", "call", "coach-1", "2026-11-22T10:05:01Z", Map.of(), Map.of()),
                EventSubmission.of("1.0", "d", "calls", "call", "coach-1", "2025-10-17T09:59:59Z", Map.of(), Map.of()),
                EventSubmission.of("1.0", "e", "calls", "call", "coach-1", "yesterday", Map.of(), Map.of()),
                EventSubmission.of("1.0", "f", "calls", "call", "coach-1", null, Map.of(), Map.of("cost", BigDecimal.ONE)),
                EventSubmission.unreadable("g", "data.x must be a string or a number"));

        assertThat(result.items()).extracting(IngestResult.Item::outcome).containsExactly(IngestOutcome.ACCEPTED,
                IngestOutcome.REJECTED, IngestOutcome.REJECTED, IngestOutcome.REJECTED, IngestOutcome.REJECTED,
                IngestOutcome.REJECTED, IngestOutcome.REJECTED, IngestOutcome.REJECTED, IngestOutcome.REJECTED);
        assertThat(result.items()).extracting(IngestResult.Item::reason).containsExactly(null,
                "specversion must be \"1.0\"",
                "id is required",
                "subject must not contain '/'",
                "time is more than 5 minutes in the future",
                "time is older than the tenant's late-arrival window of 400 days",
                "time must be an RFC 3339 timestamp with an offset, such as 2026-03-01T09:00:00Z",
                "data.cost is money and needs a currency in data.currency (for example \"USD\")",
                "data.x must be a string or a number");
        assertThat(events.byTenant.get(TENANT)).containsOnlyKeys(new EventKey("calls", "ok"));
    }

    @Test
    void theWindowEdgesAreInclusive() {
        IngestResult result = ingest(
                call("five-minutes-ahead", "2026-11-22T10:05:00Z", "completed"),
                call("exactly-400-days", "2025-10-18T10:00:00Z", "completed"));

        assertThat(result.items()).extracting(IngestResult.Item::outcome).containsOnly(IngestOutcome.ACCEPTED);
    }
}
