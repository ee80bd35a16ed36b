package io.tally.application.service.alert;

import io.tally.application.port.out.operations.OperationsTelemetryPort;
import static io.tally.application.service.TestData.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.application.port.in.plan.CustomerLimits;
import io.tally.application.service.InMemoryStores;
import io.tally.application.service.TestClock;
import io.tally.application.service.delivery.DeliveryFakes;
import io.tally.application.service.metric.BillingMeasures;
import io.tally.application.service.metric.MetricEngine;
import io.tally.domain.alert.AlertEvent;
import io.tally.domain.alert.AlertState;
import io.tally.domain.alert.Severity;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.billing.MrrPolicy;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.customer.CustomerStatus;
import io.tally.domain.delivery.Channel;
import io.tally.domain.delivery.RetryBackoff;
import io.tally.domain.plan.Enforcement;
import io.tally.domain.plan.LimitPeriod;
import io.tally.domain.plan.LimitWindow;
import io.tally.domain.plan.Plan;
import io.tally.domain.plan.PlanLimit;
import io.tally.domain.tenant.Tenant;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Quota alerts on in-memory ports: plan {@code basic} limits {@code transcription_minutes} to 600 a month and alerts at 80
 * and 100 %; each customer's use comes from a stand-in of the limits use case. A share reached makes one event per
 * customer, limit period and share, sent to the tenant's alert channels.
 */
class QuotaAlertsTest {

    static final Instant NOW = Instant.parse("2027-03-10T12:00:00Z");
    static final Instant MARCH = Instant.parse("2027-03-01T00:00:00Z");
    static final PlanLimit LIMIT = new PlanLimit(MeterKey.of("transcription_minutes"), new BigDecimal("600"), LimitPeriod.CALENDAR_MONTH,
            Enforcement.HARD, List.of(80, 100));

    final TestClock clock = new TestClock(NOW);
    final InMemoryAlerts store = new InMemoryAlerts();
    final AlertFakes.Jobs jobs = new AlertFakes.Jobs();
    final InMemoryStores.Tenants tenants = new InMemoryStores.Tenants();
    final InMemoryStores.Customers customers = new InMemoryStores.Customers();
    final InMemoryStores.Plans plans = new InMemoryStores.Plans();
    final InMemoryStores.AuditLog audit = new InMemoryStores.AuditLog();
    final Map<CustomerId, BigDecimal> used = new HashMap<>();
    Instant periodStart = MARCH;

    final AlertMeasures measures = new AlertMeasures(new MetricEngine(new InMemoryStores.Usage(new InMemoryStores.Events()),
            new InMemoryStores.Meters(), new BillingMeasures(new InMemoryStores.Billing(customers), MrrPolicy.DEFAULT)), new InMemoryStores.Metrics(),
            new InMemoryStores.Meters(), new InMemoryStores.SavedQueries(), customers, query -> limits(query.customer()), plans);
    final AlertRunner runner = new AlertRunner(store, jobs, measures, new DeliveryFakes.Mail(), new DeliveryFakes.Webhooks(),
            new DeliveryFakes.Links(), customers, tenants, id -> tenants.createIfAbsent(Tenant.create(id, NOW)), audit,
            new InMemoryStores.Transactions(audit, store), RetryBackoff.parse("1m"), OperationsTelemetryPort.NONE, new AlertFakes.Ids(), clock);

    CustomerLimits limits(CustomerId customer) {
        String plan = customers.find(TENANT, customer).orElseThrow().profile().plan().orElse(null);
        if (!"basic".equals(plan)) {
            return new CustomerLimits(customer, Optional.ofNullable(plan), false, NOW, List.of());
        }
        BigDecimal minutes = used.getOrDefault(customer, BigDecimal.ZERO);
        LimitWindow window = new LimitWindow(periodStart, periodStart.plus(Duration.ofDays(31)), periodStart, Optional.empty(),
                LimitPeriod.CALENDAR_MONTH);
        return new CustomerLimits(customer, Optional.of(plan), true, NOW, List.of(new CustomerLimits.LimitUsage(LIMIT, "Transcription minutes",
                window, minutes, LIMIT.amount().subtract(minutes).max(BigDecimal.ZERO),
                Optional.of(minutes.multiply(BigDecimal.valueOf(100)).divide(LIMIT.amount(), 2, RoundingMode.HALF_UP)),
                minutes.compareTo(LIMIT.amount()) > 0)));
    }

    void customer(String id, String plan, String minutes) {
        customers.upsert(TENANT, CustomerId.of(id), new CustomerProfile(Optional.of(id.toUpperCase()), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.ofNullable(plan), Optional.empty(), CustomerStatus.ACTIVE), NOW.minus(Duration.ofDays(30)));
        used.put(CustomerId.of(id), new BigDecimal(minutes));
    }

    @Test
    void aShareReachedIsToldOncePerCustomerPeriodAndShare() {
        plans.create(TENANT, new Plan("basic", "Basic", List.of(LIMIT)), NOW);
        store.quotaTenants.add(TENANT);
        store.saveDefaultChannels(TENANT, List.of(new Channel.Webhook(URI.create("https://hooks.acme.test/quota"))));
        customer("at-479", "basic", "479");
        customer("at-480", "basic", "480");
        customer("at-600", "basic", "600");
        customer("no-plan", null, "9000");

        assertThat(runner.checkQuotaAlerts()).as("480 of 600 reaches 80 %; 600 reaches 80 % and 100 %").isEqualTo(3);
        assertThat(runner.checkQuotaAlerts()).as("once per period and share").isZero();

        List<AlertEvent> events = store.events(TENANT);
        assertThat(events).extracting(event -> event.subject().key() + " " + event.threshold().toPlainString() + " " + event.value().orElseThrow()
                .toPlainString()).containsExactlyInAnyOrder("at-480 80 80.00", "at-600 80 100.00", "at-600 100 100.00");
        AlertEvent full = events.stream().filter(event -> event.threshold().intValue() == 100).findFirst().orElseThrow();
        assertThat(full.kind()).isEqualTo(AlertEvent.Kind.QUOTA);
        assertThat(full.rule()).isEmpty();
        assertThat(full.ruleName()).isEqualTo("Plan limit: Transcription minutes at 100 % (basic)");
        assertThat(full.severity()).isEqualTo(Severity.HIGH);
        assertThat(full.from()).isEqualTo(AlertState.OK);
        assertThat(full.to()).isEqualTo(AlertState.FIRING);
        assertThat(jobs.queued).hasSize(3);

        // the next month: the shares are told again once reached
        periodStart = Instant.parse("2027-04-01T00:00:00Z");
        used.put(CustomerId.of("at-600"), new BigDecimal("10"));
        assertThat(runner.checkQuotaAlerts()).isEqualTo(1);
    }
}
