package io.tally.application.service;

import static io.tally.application.service.TestData.TENANT;
import static io.tally.application.service.TestData.customerUser;
import static io.tally.application.service.TestData.event;
import static io.tally.application.service.TestData.key;
import static io.tally.application.service.TestData.perCustomer;
import static io.tally.application.service.TestData.profile;
import static io.tally.application.service.TestData.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.application.service.metric.BillingMeasures;
import io.tally.application.service.metric.MetricEngine;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.analytics.Period;
import io.tally.domain.billing.MrrPolicy;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.metric.Polarity;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Analytics queries of metrics ({@code queryAnalytics}), on the in-memory stores. The tenant is in UTC; the period is
 * the two days before today, D−2 and D−1, and the period before it D−4 and D−3. The calls:
 * <pre>
 *   D−4  c1  completed  ana  1.00 USD     (the period before)
 *   D−3  c1  failed     bob  1.00 USD     (the period before)
 *   D−2  c1  completed  ana  1.50 USD
 *        c1  failed     bob  2.00 EUR
 *        c2  completed  ana  0.25 USD
 *   D−1  c2  completed  bob  1.00 USD
 * </pre>
 */
class UsageAnalyticsServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
    private static final Metric CALLS_PER_CUSTOMER = new Metric(key("calls_per_customer"), "Calls per customer", Optional.empty(),
            MetricUnit.NUMBER, Polarity.HIGHER_IS_BETTER, Optional.empty(), perCustomer("calls"), false);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryStores.Tenants tenants = new InMemoryStores.Tenants();
    private final InMemoryStores.Customers customers = new InMemoryStores.Customers();
    private final InMemoryStores.Events events = new InMemoryStores.Events();
    private final InMemoryStores.Usage usage = new InMemoryStores.Usage(events);
    private final InMemoryStores.Meters meters = new InMemoryStores.Meters();
    private final InMemoryStores.Metrics metrics = new InMemoryStores.Metrics();
    private final InMemoryStores.Billing billing = new InMemoryStores.Billing(customers);
    private final InMemoryStores.AuditLog audit = new InMemoryStores.AuditLog();
    private final InMemoryStores.Transactions transactions = new InMemoryStores.Transactions();
    private final TenantService tenantService = new TenantService(tenants, audit, transactions, clock);
    private final MeterService meterService = new MeterService(meters, new InMemoryStores.Plans(), metrics, tenantService, audit, transactions, clock);
    private final UsageAnalyticsService service = new UsageAnalyticsService(usage, customers, metrics, tenantService, meterService,
            new MetricEngine(usage, meters, new BillingMeasures(billing, MrrPolicy.DEFAULT)), clock);
    private final Actor analyst = user("ann", Role.ANALYST);

    private static LocalDate day(int daysAgo) {
        return TODAY.minusDays(daysAgo);
    }

    @BeforeEach
    void theCalls() {
        customers.upsert(TENANT, CustomerId.of("c1"), profile().build(), NOW);
        customers.upsert(TENANT, CustomerId.of("c2"), profile().build(), NOW);
        call("c1", day(4), 9, "completed", "ana", "1.00", "USD");
        call("c1", day(3), 9, "failed", "bob", "1.00", "USD");
        call("c1", day(2), 9, "completed", "ana", "1.50", "USD");
        call("c1", day(2), 10, "failed", "bob", "2.00", "EUR");
        call("c2", day(2), 11, "completed", "ana", "0.25", "USD");
        call("c2", day(1), 9, "completed", "bob", "1.00", "USD");
        metrics.create(TENANT, CALLS_PER_CUSTOMER, NOW);
    }

    private void call(String customer, LocalDate day, int hour, String outcome, String agent, String cost, String currency) {
        event("call", day.atTime(hour, 0).toInstant(ZoneOffset.UTC)).customer(customer).dimension("outcome", outcome)
                .dimension("agent", agent).dimension("currency", currency).measure("cost", cost).sendTo(events);
    }

    /** A query over D−2 … D−1 in its JSON form, with these fields besides the period. */
    private static QueryDefinition query(Object... fields) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", day(2).toString());
        json.put("to", day(1).toString());
        for (int i = 0; i < fields.length; i += 2) {
            json.put((String) fields[i], fields[i + 1]);
        }
        return QueryDefinition.read(json, "");
    }

    private AnalyticsResult ask(Actor actor, QueryDefinition definition) {
        return service.queryAnalytics(definition.askedBy(actor));
    }

    private static AnalyticsResult.Group group(AnalyticsResult.SeriesResult series, String... key) {
        return series.groups().stream().filter(group -> group.key().equals(Arrays.asList(key))).findFirst().orElseThrow();
    }

    private static void assertRefusedNaming(Throwable thrown, String field) {
        assertThat(thrown).isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Nested
    class QueryingMetrics {

        @Test
        void severalMetricsPerBucketWithTheirTotalsAndThePeriodBeforeFromTwoMeasureCalls() {
            AnalyticsResult result = ask(analyst, query("metrics", List.of("calls", "success_rate"), "compare", "previous"));

            assertThat(result.period()).isEqualTo(new Period(day(2), day(1), TimeZoneId.UTC));
            assertThat(result.buckets()).extracting(bucket -> bucket.label()).containsExactly(day(2).toString(), day(1).toString());
            assertThat(result.compared()).isTrue();
            // once per bucket, once for the totals of the period and the period before
            assertThat(usage.measured).hasSize(2);
            AnalyticsResult.SeriesResult calls = result.series().get(0);
            AnalyticsResult.SeriesResult rate = result.series().get(1);
            assertThat(calls.metric().key()).isEqualTo(key("calls"));
            assertThat(calls.dimensions()).isEmpty();
            // calls: D−2 3, D−1 1; 4 in all, 2 the period before: growth (4 − 2) ÷ 2 × 100 = 100.00
            assertThat(calls.groups()).singleElement().satisfies(group -> {
                assertThat(group.values()).usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal(3), BigDecimal.ONE);
                assertThat(group.total().value()).isEqualByComparingTo("4");
                assertThat(group.total().previous()).isEqualByComparingTo("2");
                assertThat(group.total().growthPct()).isEqualByComparingTo("100.00");
            });
            // success rate: D−2 2 ÷ 3 × 100 = 66.666… → 66.67, D−1 1 ÷ 1 → 100.00; the period 3 ÷ 4 → 75.00, not the mean of the
            // days; the period before 1 ÷ 2 → 50.00; growth (75 − 50) ÷ 50 × 100 = 50.00
            AnalyticsResult.Group rates = rate.groups().getFirst();
            assertThat(rates.values()).containsExactly(new BigDecimal("66.67"), new BigDecimal("100.00"));
            assertThat(rates.total().value()).isEqualTo(new BigDecimal("75.00"));
            assertThat(rates.total().previous()).isEqualTo(new BigDecimal("50.00"));
            assertThat(rates.total().growthPct()).isEqualByComparingTo("50.00");
            assertThat(rate.total()).contains(rates.total());
        }

        @Test
        void aTenantsOwnMetricIsAnsweredByItsKey() {
            AnalyticsResult.SeriesResult perCustomer = ask(analyst, query("metric", "calls_per_customer")).only();

            // D−2: 3 calls ÷ 2 active (c1, c2) = 1.50; D−1: 1 ÷ 1 (c2) = 1.00; the period: 4 ÷ 2 = 2.00
            AnalyticsResult.Group group = perCustomer.groups().getFirst();
            assertThat(group.values()).containsExactly(new BigDecimal("1.50"), new BigDecimal("1.00"));
            assertThat(group.total().value()).isEqualTo(new BigDecimal("2.00"));
        }

        @Test
        void groupsAreOrderedByTotalAndTheOverallTotalIsTheMetricWithoutTheGrouping() {
            AnalyticsResult.SeriesResult rate = ask(analyst, query("metric", "success_rate", "group_by", List.of("agent"))).only();

            // ana: D−2 2 ÷ 2 = 100.00, no call on D−1, 2 ÷ 2 = 100.00 in all; bob: D−2 0 ÷ 1 = 0.00, D−1 1 ÷ 1 = 100.00, 1 ÷ 2 = 50.00
            assertThat(rate.dimensions()).containsExactly("agent");
            assertThat(rate.groups()).extracting(AnalyticsResult.Group::key).containsExactly(List.of("ana"), List.of("bob"));
            assertThat(group(rate, "ana").values()).containsExactly(new BigDecimal("100.00"), null);
            assertThat(group(rate, "bob").values()).containsExactly(new BigDecimal("0.00"), new BigDecimal("100.00"));
            assertThat(group(rate, "bob").total().value()).isEqualTo(new BigDecimal("50.00"));
            // all calls: 3 completed ÷ 4 = 75.00, neither a sum nor a mean of the groups
            assertThat(rate.total()).hasValueSatisfying(total -> assertThat(total.value()).isEqualTo(new BigDecimal("75.00")));

            AnalyticsResult.SeriesResult top = ask(analyst, query("metric", "success_rate", "group_by", List.of("agent"), "limit", 1)).only();
            assertThat(top.groups()).extracting(AnalyticsResult.Group::key).containsExactly(List.of("ana"));
        }

        @Test
        void moneyInSeveralCurrenciesHasNoOverallTotal() {
            AnalyticsResult.SeriesResult cost = ask(analyst, query("metric", "call_cost")).only();

            // USD 1.50 + 0.25 + 1.00 = 2.75, EUR 2.00: two totals, never one
            assertThat(cost.dimensions()).containsExactly("currency");
            assertThat(cost.groups()).extracting(AnalyticsResult.Group::key).containsExactly(List.of("USD"), List.of("EUR"));
            assertThat(group(cost, "USD").total().value()).isEqualByComparingTo("2.75");
            assertThat(group(cost, "EUR").total().value()).isEqualByComparingTo("2.00");
            assertThat(cost.total()).isEmpty();

            // c2's calls were all in USD: 0.25 + 1.00 = 1.25, one currency, one total
            AnalyticsResult.SeriesResult c2s = ask(analyst, query("metric", "call_cost", "customer", "c2")).only();
            assertThat(c2s.groups()).extracting(AnalyticsResult.Group::key).containsExactly(List.of("USD"));
            assertThat(c2s.total()).hasValueSatisfying(total -> assertThat(total.value()).isEqualByComparingTo("1.25"));
        }

        @Test
        void aMetricThatDoesNotExistIsRefusedNamingItsField() {
            assertRefusedNaming(catchThrowable(() -> ask(analyst, query("metric", "nothing_like_it"))), "metric");
            assertRefusedNaming(catchThrowable(() -> ask(analyst, query("metrics", List.of("calls", "nothing_like_it")))), "metrics[1]");
        }

        @Test
        void aDimensionTheEventsNeverCarriedIsRefused() {
            assertRefusedNaming(catchThrowable(() -> ask(analyst, query("metric", "calls", "group_by", List.of("colour")))), "group_by");
            assertRefusedNaming(catchThrowable(() -> ask(analyst, query("metric", "calls", "filters", Map.of("colour", "red")))), "filters");
            assertThat(usage.measured).isEmpty();
        }

        @Test
        void anAnswerOfMoreThanTenThousandCellsIsRefusedNamingTheBucket() {
            QueryDefinition hourly = QueryDefinition.read(Map.of("metric", "calls", "from", day(31).toString(), "to", day(1).toString(),
                    "bucket", "hour", "group_by", List.of("agent"), "limit", 20), "");

            // 31 days × 24 hours = 744 buckets × 20 groups × 1 metric = 14,880 cells
            Throwable thrown = catchThrowable(() -> ask(analyst, hourly));

            assertRefusedNaming(thrown, "bucket");
            assertThat(thrown).hasMessageContaining("14880 cells");
            assertThat(usage.measured).isEmpty();
        }
    }

    @Nested
    class WhoMaySeeWhat {

        @Test
        void billingMetricsNeedTheAnalystRole() {
            assertThatThrownBy(() -> ask(user("val", Role.VIEWER), query("metric", "mrr"))).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> ask(user("val", Role.VIEWER), query("metric", "arpu"))).as("through a formula too")
                    .isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> ask(Actor.service(TENANT, "reports", Set.of("analytics:read"), "r"), query("metric", "mrr")))
                    .isInstanceOf(ForbiddenException.class);

            // no subscriptions: no paying customer on either day
            AnalyticsResult.SeriesResult paying = ask(analyst, query("metric", "paying_customers")).only();
            assertThat(paying.groups().getFirst().values()).usingElementComparator(BigDecimal::compareTo)
                    .containsExactly(BigDecimal.ZERO, BigDecimal.ZERO);
        }

        @Test
        void aCustomerScopedTokenSeesItsOwnCustomersFiguresOnly() {
            Actor c1Only = customerUser("c1-user", Role.VIEWER, "c1");

            assertThatThrownBy(() -> ask(c1Only, query("metric", "calls"))).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> ask(c1Only, query("metric", "calls", "customer", "c2"))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> ask(analyst, query("metric", "calls", "customer", "nobody"))).isInstanceOf(NotFoundException.class);

            // c1: 2 calls on D−2, none on D−1
            AnalyticsResult.SeriesResult own = ask(c1Only, query("metric", "calls", "customer", "c1")).only();
            assertThat(own.groups().getFirst().values()).usingElementComparator(BigDecimal::compareTo)
                    .containsExactly(new BigDecimal(2), BigDecimal.ZERO);
        }
    }
}
