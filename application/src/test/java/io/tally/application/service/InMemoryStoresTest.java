package io.tally.application.service;

import static io.tally.application.service.TestData.TENANT;
import static io.tally.application.service.TestData.draft;
import static io.tally.application.service.TestData.ofMeter;
import static io.tally.application.service.TestData.payment;
import static io.tally.application.service.TestData.profile;
import static io.tally.application.service.TestData.savedQuery;
import static io.tally.application.service.TestData.subscription;
import static io.tally.application.service.TestData.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.access.Role;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.billing.BillingId;
import io.tally.domain.billing.BillingInterval;
import io.tally.domain.billing.Payment;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricCatalog;
import io.tally.domain.query.RunStats;
import io.tally.domain.query.SavedQuery;
import io.tally.domain.query.SavedQueryVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The fakes keep to their ports' contracts where the service tests lean on them. */
class InMemoryStoresTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void aTransactionWhoseWorkThrowsPutsBackWhatItsStoresHeld() {
        InMemoryStores.Metrics metrics = new InMemoryStores.Metrics();
        InMemoryStores.AuditLog audit = new InMemoryStores.AuditLog();
        InMemoryStores.Transactions transactions = new InMemoryStores.Transactions(metrics, audit);
        Metric calls = draft("my_calls", ofMeter("calls")).build().complete(MetricCatalog.of(List.of()), key -> Optional.empty());
        metrics.create(TENANT, calls, NOW);

        assertThatThrownBy(() -> transactions.inTransaction(() -> {
            metrics.delete(TENANT, calls.key());
            audit.append(AuditEntry.of(user("u", Role.MANAGER), NOW, "metric.deleted", "metric:my_calls", Map.of()));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(metrics.find(TENANT, calls.key())).contains(calls);
        assertThat(audit.entries).isEmpty();
        assertThat(transactions.rolledBack).isEqualTo(1);
    }

    @Test
    void runStatsAreTheCountAndThePercentilesOfTheLatestHundredRuns() {
        InMemoryStores.SavedQueries store = new InMemoryStores.SavedQueries();
        SavedQuery query = SavedQuery.create(new UUID(0, 1), user("u", Role.ANALYST), savedQuery("q", Map.of("metric", "calls")).build(), NOW);
        store.create(TENANT, query, new SavedQueryVersion(1, query.definition(), "u", NOW));

        for (int millis = 1; millis <= 120; millis++) {
            store.recordRun(TENANT, query.id(), NOW.plusSeconds(millis), millis);
        }

        // runs of 1 … 120 ms, the latest 100 kept: 21 … 120; percentile_disc(0.5) is the 50th of them (70), (0.95) the 95th (115)
        assertThat(store.stats(TENANT, List.of(query.id()))).containsEntry(query.id(),
                new RunStats(120, Optional.of(NOW.plusSeconds(120)), Optional.of(70L), Optional.of(115L)));
        assertThat(store.stats(TENANT, List.of(new UUID(0, 2)))).isEmpty();
    }

    @Test
    void theBillingStoreKeepsTheFirstVersionAtAnInstantAndFindsPaymentsRefundedInAPeriod() {
        InMemoryStores.Customers customers = new InMemoryStores.Customers();
        InMemoryStores.Billing billing = new InMemoryStores.Billing(customers);
        customers.upsert(TENANT, CustomerId.of("c"), profile().build(), NOW);
        var first = subscription("s", "c", NOW).build();

        assertThat(billing.insertVersion(TENANT, first, NOW)).isEmpty();
        assertThat(billing.insertVersion(TENANT, subscription("s", "c", NOW).price("99.00", "USD", BillingInterval.MONTH).build(), NOW))
                .contains(first);
        assertThat(billing.history(TENANT, BillingId.of("s"))).containsExactly(first);
        assertThatThrownBy(() -> billing.insertVersion(TENANT, subscription("t", "stranger", NOW).build(), NOW))
                .isInstanceOf(IllegalStateException.class);

        Payment refundedLater = payment("p", "c", "10.00", "USD", NOW).refund("5.00", NOW.plus(Duration.ofDays(40))).build();
        billing.insertPayment(TENANT, refundedLater, NOW);
        assertThat(billing.payments(TENANT, NOW.plus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(60)))).containsExactly(refundedLater);
        assertThat(billing.payments(TENANT, NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)))).isEmpty();
    }
}
