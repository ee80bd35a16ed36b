package io.tally.application.service.privacy;

import io.tally.application.port.out.operations.OperationsTelemetryPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.application.port.in.IngestEventsCommand;
import io.tally.domain.usage.IngestOutcome;
import io.tally.application.port.in.IngestResult;
import io.tally.application.port.in.EventSubmission;
import io.tally.application.port.in.privacy.CustomerConsents;
import io.tally.application.port.in.privacy.CustomerConsentsQuery;
import io.tally.application.port.in.privacy.RecordConsentCommand;
import io.tally.application.service.InMemoryStores;
import io.tally.application.service.TenantService;
import io.tally.application.service.UsageEventService;
import io.tally.domain.access.Actor;
import io.tally.domain.access.CustomerScope;
import io.tally.domain.access.Role;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.privacy.LegalBasis;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.tenant.TenantSettings;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Consent statements on in-memory stores, and ingestion under a tenant's {@code consent_required}. */
class ConsentServiceTest {

    static final TenantId TENANT = TenantId.of("acme-analytics");
    static final Instant NOW = Instant.parse("2027-01-05T12:00:00Z");

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final InMemoryStores.Tenants tenants = new InMemoryStores.Tenants();
    final InMemoryStores.Customers customers = new InMemoryStores.Customers();
    final InMemoryStores.Consents consents = new InMemoryStores.Consents();
    final InMemoryStores.AuditLog audit = new InMemoryStores.AuditLog();
    final InMemoryStores.Transactions transactions = new InMemoryStores.Transactions(audit);
    final TenantService tenantService = new TenantService(tenants, audit, transactions, clock);
    final ConsentService service = new ConsentService(consents, new InMemoryStores.Privacy(), customers, tenantService::current, audit, transactions, clock);
    final UsageEventService ingestion = new UsageEventService(new InMemoryStores.Events(), customers, consents, new InMemoryStores.Privacy(), tenantService, transactions,
            OperationsTelemetryPort.NONE, clock);
    final Actor product = Actor.service(TENANT, "product", Set.of("consent:write", "events:write"), "r1");

    void state(String customer, boolean given, Duration ago) {
        service.recordConsent(new RecordConsentCommand(product, CustomerId.of(customer), "analytics", given, "v1", LegalBasis.CONSENT,
                Optional.of("product analytics"), NOW.minus(ago)));
    }

    void requireAnalytics() {
        TenantSettings defaults = TenantSettings.defaults();
        tenants.createIfAbsent(Tenant.restore(TENANT, new TenantSettings(defaults.timezone(), defaults.currency(), defaults.brandName(),
                defaults.brandColour(), defaults.lateArrivalDays(), defaults.locale(), Set.of("analytics")), NOW));
    }

    static EventSubmission call(String id, String customer) {
        return EventSubmission.of("1.0", id, "calls", "call", customer, "2027-01-05T11:00:00Z", Map.of("outcome", "completed"),
                Map.of("duration_s", new BigDecimal("61")));
    }

    @Test
    void aStatementIsAppendedForANewCustomerAndAudited() {
        state("ada", true, Duration.ofHours(1));
        state("ada", false, Duration.ofMinutes(10));

        assertThat(customers.find(TENANT, CustomerId.of("ada"))).isPresent();
        assertThat(consents.history(TENANT, CustomerId.of("ada"))).extracting(record -> record.given()).containsExactly(true, false);
        assertThat(audit.entries).extracting(entry -> entry.action()).containsExactly("consent.given", "consent.withdrawn");
        assertThat(audit.entries.getFirst().target()).isEqualTo("customer:ada");
        assertThat(audit.entries.getFirst().details()).containsEntry("category", "analytics").containsEntry("legal_basis", "consent");
    }

    @Test
    void aStatementFromTheFutureIsRefused() {
        assertThatThrownBy(() -> state("ada", true, Duration.ofMinutes(-6))).isInstanceOf(InvalidValueException.class)
                .extracting("field").isEqualTo("at");
        state("ada", true, Duration.ofMinutes(-4));
        assertThat(consents.history(TENANT, CustomerId.of("ada"))).hasSize(1);
    }

    @Test
    void aCustomersConsentNamesWhatTheTenantRequiresAndItLacks() {
        requireAnalytics();
        state("ada", true, Duration.ofHours(2));
        state("ada", false, Duration.ofHours(1));
        Actor staff = Actor.user(TENANT, "mia", Set.of(Role.VIEWER), CustomerScope.all(), "r2");

        CustomerConsents found = service.customerConsents(new CustomerConsentsQuery(staff, CustomerId.of("ada")));

        assertThat(found.missing()).containsExactly("analytics");
        assertThat(found.history()).hasSize(2);
        Actor other = Actor.user(TENANT, "bo", Set.of(Role.VIEWER), CustomerScope.only(Set.of(CustomerId.of("bob"))), "r3");
        assertThatThrownBy(() -> service.customerConsents(new CustomerConsentsQuery(other, CustomerId.of("ada"))))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void withConsentRequiredOnlyTheEventsOfCustomersWithoutItAreRefused() {
        requireAnalytics();
        state("ada", true, Duration.ofHours(1));
        state("cyd", true, Duration.ofHours(2));
        state("cyd", false, Duration.ofHours(1));

        IngestResult result = ingestion.ingest(new IngestEventsCommand(product, List.of(call("1", "ada"), call("2", "bob"), call("3", "cyd"),
                call("4", "ada"))));

        assertThat(result.items()).extracting(IngestResult.Item::outcome).containsExactly(IngestOutcome.ACCEPTED, IngestOutcome.REJECTED,
                IngestOutcome.REJECTED, IngestOutcome.ACCEPTED);
        assertThat(result.items().get(2).reason()).isEqualTo(
                "customer 'cyd' has no current consent for analytics (the tenant's consent_required): the event is not stored");
        assertThat(customers.find(TENANT, CustomerId.of("bob"))).as("a refused event makes no customer").isEmpty();
    }
}
