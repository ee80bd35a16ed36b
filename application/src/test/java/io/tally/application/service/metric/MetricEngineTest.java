package io.tally.application.service.metric;

import static io.tally.application.service.TestData.TENANT;
import static io.tally.application.service.TestData.event;
import static io.tally.application.service.TestData.key;
import static io.tally.application.service.TestData.meter;
import static io.tally.application.service.TestData.perCustomer;
import static io.tally.application.service.TestData.profile;
import static io.tally.application.service.TestData.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tally.application.service.InMemoryStores;
import io.tally.application.service.metric.MetricEngine.Request;
import io.tally.domain.analytics.Aggregation;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.BuiltInMeters;
import io.tally.domain.analytics.Meter;
import io.tally.domain.billing.BillingInterval;
import io.tally.domain.billing.MrrPolicy;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.BuiltInMetrics;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricCatalog;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.metric.Polarity;
import io.tally.domain.metric.Series;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The metric engine over two whole days before now, on the in-memory usage and billing stores.
 *
 * <p>The calls (all of type {@code call}):
 * <pre>
 *   day 0  c1  completed  ana  1.50 USD
 *          c1  failed     bob  2.00 EUR
 *          c2  completed  ana  0.25 USD
 *   day 1  c2  completed  bob  1.00 USD
 * </pre>
 * and one {@code api.call} of c3 on day 1, so the customers active (with any event) are c1, c2 on day 0 and c2, c3 on
 * day 1.
 */
class MetricEngineTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    /** Midnight (UTC) two days before now: day 0 starts here, day 1 a day later, and both have ended by now. */
    private static final Instant DAY_0 = NOW.truncatedTo(ChronoUnit.DAYS).minus(2, ChronoUnit.DAYS);
    private static final Instant DAY_1 = DAY_0.plus(1, ChronoUnit.DAYS);
    private static final List<Bucket> DAYS = List.of(new Bucket(DAY_0, DAY_1, "day 0"), new Bucket(DAY_1, DAY_1.plus(1, ChronoUnit.DAYS), "day 1"));
    private static final MetricEngine.Scope TENANT_WIDE = new MetricEngine.Scope(TENANT, Optional.empty(), NOW, TimeZoneId.UTC);

    private static final Metric CALLS = BuiltInMetrics.get(BuiltInMeters.CALLS);
    private static final Metric CALL_COST = BuiltInMetrics.get(BuiltInMeters.CALL_COST);
    private static final Metric SUCCESS_RATE = BuiltInMetrics.get(BuiltInMetrics.SUCCESS_RATE);
    private static final Metric CALLS_PER_CUSTOMER = new Metric(key("calls_per_customer"), "Calls per customer", Optional.empty(),
            MetricUnit.NUMBER, Polarity.HIGHER_IS_BETTER, Optional.empty(), perCustomer("calls"), false);

    private final InMemoryStores.Events events = new InMemoryStores.Events();
    private final InMemoryStores.Usage usage = new InMemoryStores.Usage(events);
    private final InMemoryStores.Meters meters = new InMemoryStores.Meters();
    private final InMemoryStores.Customers customers = new InMemoryStores.Customers();
    private final InMemoryStores.Billing billing = new InMemoryStores.Billing(customers);
    private final MetricEngine engine = new MetricEngine(usage, meters, new BillingMeasures(billing, MrrPolicy.DEFAULT));
    private final MetricCatalog catalog = MetricCatalog.of(List.of(CALLS_PER_CUSTOMER));

    @BeforeEach
    void theCalls() {
        call("c1", DAY_0.plus(Duration.ofHours(9)), "completed", "ana", "1.50", "USD");
        call("c1", DAY_0.plus(Duration.ofHours(10)), "failed", "bob", "2.00", "EUR");
        call("c2", DAY_0.plus(Duration.ofHours(11)), "completed", "ana", "0.25", "USD");
        call("c2", DAY_1.plus(Duration.ofHours(9)), "completed", "bob", "1.00", "USD");
        event("api.call", DAY_1.plus(Duration.ofHours(12))).customer("c3").sendTo(events);
    }

    private void call(String customer, Instant at, String outcome, String agent, String cost, String currency) {
        event("call", at).customer(customer).dimension("outcome", outcome).dimension("agent", agent).dimension("currency", currency)
                .measure("cost", cost).sendTo(events);
    }

    private List<Series> evaluate(Request... requests) {
        return engine.evaluate(catalog, TENANT_WIDE, List.of(requests), DAYS);
    }

    private static void assertRefusedNaming(Throwable thrown, String field) {
        assertThat(thrown).isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Nested
    class MeasuringMeters {

        @Test
        void twoRequestsOfOneMeterGroupedDifferentlyAreMeasuredInOneCallAndKeptApart() {
            List<Series> answers = evaluate(Request.groupedBy(CALLS, List.of("outcome")), Request.groupedBy(CALLS, List.of("agent")));

            assertThat(usage.measured).hasSize(1);
            List<Meter> measured = usage.measured.getFirst();
            assertThat(measured).extracting(Meter::groupBy).containsExactly(List.of("outcome"), List.of("agent"));
            assertThat(measured).extracting(Meter::key).doesNotHaveDuplicates();
            Series byOutcome = answers.get(0);
            Series byAgent = answers.get(1);
            assertThat(byOutcome.dimensions()).containsExactly("outcome");
            // day 0: completed c1/ana and c2/ana, failed c1/bob; day 1: completed c2/bob
            assertThat(byOutcome.keys(0)).containsExactlyInAnyOrder(List.of("completed"), List.of("failed"));
            assertThat(byOutcome.value(0, List.of("completed"))).isEqualByComparingTo("2");
            assertThat(byOutcome.value(0, List.of("failed"))).isEqualByComparingTo("1");
            assertThat(byOutcome.value(1, List.of("completed"))).isEqualByComparingTo("1");
            assertThat(byOutcome.value(1, List.of("failed"))).isEqualByComparingTo("0");
            assertThat(byAgent.dimensions()).containsExactly("agent");
            assertThat(byAgent.keys(0)).containsExactlyInAnyOrder(List.of("ana"), List.of("bob"));
            assertThat(byAgent.value(0, List.of("ana"))).isEqualByComparingTo("2");
            assertThat(byAgent.value(0, List.of("bob"))).isEqualByComparingTo("1");
            assertThat(byAgent.value(1, List.of("bob"))).isEqualByComparingTo("1");
            assertThat(byAgent.value(1, List.of("ana"))).isEqualByComparingTo("0");
            assertThat(usage.activeCustomerReads).as("no per-customer metric asked").isZero();
        }

        @Test
        void aDerivedMetricIsComputedPerGroupFromItsPartsAndRoundedOnce() {
            Series rate = evaluate(Request.groupedBy(SUCCESS_RATE, List.of("agent"))).getFirst();

            // completed_calls ÷ calls × 100 per agent, both parts measured in the one call
            assertThat(usage.measured).hasSize(1);
            assertThat(usage.measured.getFirst()).hasSize(2);
            assertThat(rate.dimensions()).containsExactly("agent");
            // day 0: ana 2 ÷ 2 = 100.00, bob 0 ÷ 1 = 0.00; day 1: bob 1 ÷ 1 = 100.00, ana made no call: no value
            assertThat(rate.value(0, List.of("ana"))).isEqualTo(new BigDecimal("100.00"));
            assertThat(rate.value(0, List.of("bob"))).isEqualTo(new BigDecimal("0.00"));
            assertThat(rate.value(1, List.of("bob"))).isEqualTo(new BigDecimal("100.00"));
            assertThat(rate.value(1, List.of("ana"))).isNull();
        }

        @Test
        void aRequestsFiltersNarrowEveryMeterUnderTheMetric() {
            Series bobsRate = evaluate(new Request(SUCCESS_RATE, Optional.empty(), Map.of("agent", "bob"))).getFirst();

            assertThat(usage.measured.getFirst()).extracting(Meter::filters)
                    .containsExactlyInAnyOrder(Map.of("outcome", "completed", "agent", "bob"), Map.of("agent", "bob"));
            // bob: day 0 one failed call, 0 ÷ 1 = 0.00; day 1 one completed call, 1 ÷ 1 = 100.00
            assertThat(bobsRate.value(0, List.of())).isEqualTo(new BigDecimal("0.00"));
            assertThat(bobsRate.value(1, List.of())).isEqualTo(new BigDecimal("100.00"));
        }

        @Test
        void aMoneyMeterGroupedByAnotherDimensionIsStillSplitByCurrency() {
            Series costByAgent = evaluate(Request.groupedBy(CALL_COST, List.of("agent"))).getFirst();

            assertThat(usage.measured.getFirst().getFirst().groupBy()).containsExactly("agent", "currency");
            assertThat(costByAgent.dimensions()).containsExactly("agent", "currency");
            // day 0: ana 1.50 + 0.25 = 1.75 USD, bob 2.00 EUR; day 1: bob 1.00 USD
            assertThat(costByAgent.keys(0)).containsExactlyInAnyOrder(List.of("ana", "USD"), List.of("bob", "EUR"));
            assertThat(costByAgent.value(0, List.of("ana", "USD"))).isEqualByComparingTo("1.75");
            assertThat(costByAgent.value(0, List.of("bob", "EUR"))).isEqualByComparingTo("2.00");
            assertThat(costByAgent.keys(1)).containsExactly(List.of("bob", "USD"));
            assertThat(costByAgent.value(1, List.of("bob", "USD"))).isEqualByComparingTo("1.00");
        }

        @Test
        void aMoneyMeterWithoutAGroupingKeepsItsOwnByCurrency() {
            Series cost = evaluate(Request.of(CALL_COST)).getFirst();

            // day 0: 1.50 + 0.25 = 1.75 USD and 2.00 EUR, never added together; day 1: 1.00 USD
            assertThat(cost.dimensions()).containsExactly("currency");
            assertThat(cost.value(0, List.of("USD"))).isEqualByComparingTo("1.75");
            assertThat(cost.value(0, List.of("EUR"))).isEqualByComparingTo("2.00");
            assertThat(cost.value(1, List.of("USD"))).isEqualByComparingTo("1.00");
        }

        @Test
        void moneyGroupedByTwoOtherDimensionsIsSplitByCurrencyAsAThird() {
            Series cost = evaluate(Request.groupedBy(CALL_COST, List.of("agent", "outcome"))).getFirst();

            assertThat(cost.dimensions()).containsExactly("agent", "outcome", "currency");
            // day 0: ana completed 1.50 + 0.25 = 1.75 USD, bob failed 2.00 EUR
            assertThat(cost.value(0, List.of("ana", "completed", "USD"))).isEqualByComparingTo("1.75");
            assertThat(cost.value(0, List.of("bob", "failed", "EUR"))).isEqualByComparingTo("2.00");
        }

        @Test
        void aCountSplitByCurrencyOfItsOwnStaysSplitByCurrencyWhenGroupedOtherwise() {
            Meter callsInCurrency = meter("calls_in_currency", "call", Aggregation.COUNT).groupBy("currency").build();
            meters.create(TENANT, callsInCurrency, NOW);
            Metric perCurrency = BuiltInMetrics.ofMeter(callsInCurrency, Polarity.NEUTRAL, false);

            Series byAgent = engine.evaluate(MetricCatalog.of(List.of(perCurrency)), TENANT_WIDE,
                    List.of(Request.groupedBy(perCurrency, List.of("agent"))), DAYS).getFirst();

            // so that money per currency can be divided by it; day 0: ana 2 USD, bob 1 EUR
            assertThat(byAgent.dimensions()).containsExactly("agent", "currency");
            assertThat(byAgent.value(0, List.of("ana", "USD"))).isEqualByComparingTo("2");
            assertThat(byAgent.value(0, List.of("bob", "EUR"))).isEqualByComparingTo("1");
        }

        @Test
        void aTenantsMeterIsMeasuredAndOneNoLongerThereIsReported() {
            Meter failedCalls = meter("failed_calls", "call", Aggregation.COUNT).filter("outcome", "failed").build();
            meters.create(TENANT, failedCalls, NOW);
            Metric failed = BuiltInMetrics.ofMeter(failedCalls, Polarity.LOWER_IS_BETTER, false);
            MetricCatalog withFailed = MetricCatalog.of(List.of(failed));

            Series series = engine.evaluate(withFailed, TENANT_WIDE, List.of(Request.of(failed)), DAYS).getFirst();

            // day 0: c1's failed call; day 1: none
            assertThat(series.value(0, List.of())).isEqualByComparingTo("1");
            assertThat(series.value(1, List.of())).isEqualByComparingTo("0");
            meters.delete(TENANT, failedCalls.key());
            assertRefusedNaming(catchThrowable(() -> engine.evaluate(withFailed, TENANT_WIDE, List.of(Request.of(failed)), DAYS)), "metric");
        }
    }

    @Nested
    class ActiveCustomers {

        @Test
        void aValuePerCustomerDividesByTheCustomersWithAnyEventReadOnceForAllRequests() {
            List<Series> answers = evaluate(Request.of(CALLS_PER_CUSTOMER), Request.groupedBy(CALLS_PER_CUSTOMER, List.of("agent")));

            assertThat(usage.activeCustomerReads).isEqualTo(1);
            Series perCustomer = answers.get(0);
            // day 0: 3 calls ÷ 2 active (c1, c2) = 1.50; day 1: 1 call ÷ 2 active (c2, and c3 through its API call) = 0.50
            assertThat(perCustomer.value(0, List.of())).isEqualTo(new BigDecimal("1.50"));
            assertThat(perCustomer.value(1, List.of())).isEqualTo(new BigDecimal("0.50"));
            Series perAgent = answers.get(1);
            // day 0: ana 2 ÷ 2 = 1.00, bob 1 ÷ 2 = 0.50
            assertThat(perAgent.value(0, List.of("ana"))).isEqualTo(new BigDecimal("1.00"));
            assertThat(perAgent.value(0, List.of("bob"))).isEqualTo(new BigDecimal("0.50"));
        }

        @Test
        void oneCustomersValueCountsThatCustomerAlone() {
            MetricEngine.Scope c1 = new MetricEngine.Scope(TENANT, Optional.of(CustomerId.of("c1")), NOW, TimeZoneId.UTC);

            Series perCustomer = engine.evaluate(catalog, c1, List.of(Request.of(CALLS_PER_CUSTOMER)), DAYS).getFirst();

            // day 0: c1's 2 calls ÷ 1 active (c1) = 2.00; day 1: c1 made none and was not active: no value
            assertThat(perCustomer.value(0, List.of())).isEqualTo(new BigDecimal("2.00"));
            assertThat(perCustomer.value(1, List.of())).isNull();
        }
    }

    @Nested
    class BillingMeasuresOfTheRequests {

        /** c1 pays 20.00 USD a month since a month before day 0; c2 10.00 USD from noon on day 1. */
        @BeforeEach
        void theSubscriptions() {
            customers.upsert(TENANT, CustomerId.of("c1"), profile().build(), NOW);
            customers.upsert(TENANT, CustomerId.of("c2"), profile().build(), NOW);
            billing.insertVersion(TENANT, subscription("s1", "c1", DAY_0.minus(30, ChronoUnit.DAYS))
                    .price("20.00", "USD", BillingInterval.MONTH).build(), NOW);
            billing.insertVersion(TENANT, subscription("s2", "c2", DAY_1.plus(Duration.ofHours(12))).build(), NOW);
        }

        @Test
        void everyBillingMeasureOfTheRequestsComesFromOneReadOfTheFacts() {
            List<Series> answers = evaluate(Request.of(BuiltInMetrics.get(BuiltInMetrics.MRR)), Request.of(BuiltInMetrics.get(BuiltInMetrics.NEW_MRR)),
                    Request.of(BuiltInMetrics.get(BuiltInMetrics.PAYING_CUSTOMERS)), Request.of(BuiltInMetrics.get(BuiltInMetrics.ARPU)));

            assertThat(billing.versionReads).isEqualTo(1);
            assertThat(usage.measured).as("no meter asked").isEmpty();
            Series mrr = answers.get(0);
            Series newMrr = answers.get(1);
            Series paying = answers.get(2);
            Series arpu = answers.get(3);
            // day 0 ends with c1's 20.00; day 1 with 20.00 + c2's 10.00 = 30.00, of which 10.00 new
            assertThat(mrr.value(0, List.of("USD"))).isEqualByComparingTo("20.00");
            assertThat(mrr.value(1, List.of("USD"))).isEqualByComparingTo("30.00");
            assertThat(newMrr.value(0, List.of("USD"))).isEqualByComparingTo("0");
            assertThat(newMrr.value(1, List.of("USD"))).isEqualByComparingTo("10.00");
            assertThat(paying.value(0, List.of())).isEqualByComparingTo("1");
            assertThat(paying.value(1, List.of())).isEqualByComparingTo("2");
            // ARPU = MRR ÷ customers paying in the currency: 20.00 ÷ 1 = 20.00, 30.00 ÷ 2 = 15.00, to the cent
            assertThat(arpu.value(0, List.of("USD"))).isEqualTo(new BigDecimal("20.00"));
            assertThat(arpu.value(1, List.of("USD"))).isEqualTo(new BigDecimal("15.00"));
        }

        @Test
        void aBillingFigureCannotBeFilteredNorSplitByAUsageDimension() {
            Metric mrr = BuiltInMetrics.get(BuiltInMetrics.MRR);

            assertRefusedNaming(catchThrowable(() -> evaluate(new Request(mrr, Optional.empty(), Map.of("agent", "ana")))), "filters");
            assertRefusedNaming(catchThrowable(() -> evaluate(Request.groupedBy(mrr, List.of("agent")))), "group_by");
            assertThat(billing.versionReads).isZero();
            // by plan it can be split: both pay on the default plan, basic
            Series byPlan = evaluate(Request.groupedBy(mrr, List.of("plan"))).getFirst();
            assertThat(byPlan.dimensions()).containsExactly("plan", "currency");
            assertThat(byPlan.value(1, List.of("basic", "USD"))).isEqualByComparingTo("30.00");
        }
    }

    @Nested
    class CheckingDimensions {

        @Test
        void aDimensionTheEventsNeverCarriedIsRefusedNamingGroupByOrFilters() {
            Throwable grouped = catchThrowable(() -> engine.checkDimensions(catalog, TENANT, List.of(Request.groupedBy(CALLS, List.of("colour")))));
            Throwable filtered = catchThrowable(() -> engine.checkDimensions(catalog, TENANT,
                    List.of(new Request(CALLS, Optional.empty(), Map.of("colour", "red")))));

            assertRefusedNaming(grouped, "group_by");
            assertThat(grouped).hasMessage("'colour' is not a dimension of call events");
            assertRefusedNaming(filtered, "filters");
        }

        @Test
        void beforeAnyEventOfTheTypeEveryDimensionPasses() {
            Metric orders = BuiltInMetrics.get(BuiltInMeters.ORDERS);

            engine.checkDimensions(catalog, TENANT, List.of(Request.groupedBy(orders, List.of("vendor")),
                    new Request(orders, Optional.empty(), Map.of("colour", "red"))));

            assertThat(usage.dimensionReads).isEqualTo(1);
        }

        @Test
        void dimensionsTheEventsCarriedPassAndAreReadOncePerMeter() {
            engine.checkDimensions(catalog, TENANT, List.of(Request.groupedBy(CALLS, List.of("agent")), Request.groupedBy(CALLS, List.of("outcome")),
                    new Request(CALLS, Optional.empty(), Map.of("currency", "USD"))));

            assertThat(usage.dimensionReads).isEqualTo(1);
        }

        @Test
        void aMetersOwnGroupingNeedsNoLookUp() {
            Metric byAgent = BuiltInMetrics.get(BuiltInMeters.CALLS_BY_AGENT);

            engine.checkDimensions(MetricCatalog.of(List.of()), TENANT, List.of(Request.groupedBy(byAgent, List.of("agent"))));

            assertThat(usage.dimensionReads).isZero();
        }
    }

    /**
     * Items and time parts, in Europe/Berlin over the weekend it changes to summer time (02:00 on Sunday 29 March 2026
     * becomes 03:00: UTC+1 before, UTC+2 after). Posts (content.published of c1) and their engagement:
     * <pre>
     *   post  published (UTC)      Berlin           slot        views likes  rate
     *   p1    Sat 28 Mar 08:30     09:30 (+01:00)   Sat 09:00   100   10     10.00
     *   p4    Sat 28 Mar 08:05     09:05 (+01:00)   Sat 09:00   20    1      5.00
     *   p2    Sun 29 Mar 08:30     10:30 (+02:00)   Sun 10:00   50    10     20.00
     *   p3    Sun 29 Mar 09:10     11:10 (+02:00)   Sun 11:00   0     5      none (no views)
     *   p9    never published                       none        10    1      10.00
     * </pre>
     * The engagement all happens on Monday 30 March (UTC).
     */
    @Nested
    class ItemsAndTimeParts {

        private static final TimeZoneId BERLIN = TimeZoneId.of("Europe/Berlin");
        private static final Instant SATURDAY = Instant.parse("2026-03-27T23:00:00Z");
        private static final List<Bucket> WEEKEND = List.of(new Bucket(SATURDAY, Instant.parse("2026-03-30T22:00:00Z"), "weekend"));
        private final MetricEngine.Scope berlin = new MetricEngine.Scope(TENANT, Optional.of(CustomerId.of("c1")),
                Instant.parse("2026-04-01T00:00:00Z"), BERLIN);
        private final Metric meanRate = BuiltInMetrics.get(BuiltInMetrics.POST_ENGAGEMENT_RATE);
        private final Metric ratedPosts = BuiltInMetrics.get(BuiltInMetrics.RATED_POSTS);

        @BeforeEach
        void thePosts() {
            post("p1", "2026-03-28T08:30:00Z", 100, 10);
            post("p4", "2026-03-28T08:05:00Z", 20, 1);
            post("p2", "2026-03-29T08:30:00Z", 50, 10);
            post("p3", "2026-03-29T09:10:00Z", 0, 5);
            engagement("p9", 10, 1);
        }

        private void post(String id, String published, int views, int likes) {
            event("content.published", Instant.parse(published)).customer("c1").dimension("content_id", id).dimension("title", "Post " + id)
                    .sendTo(events);
            engagement(id, views, likes);
        }

        private void engagement(String id, int views, int likes) {
            event("content.engagement", Instant.parse("2026-03-30T12:00:00Z")).customer("c1").dimension("content_id", id)
                    .measure("views", String.valueOf(views)).measure("likes", String.valueOf(likes)).sendTo(events);
        }

        private Series evaluate(Request request) {
            return engine.evaluate(MetricCatalog.of(List.of()), berlin, List.of(request), WEEKEND).getFirst();
        }

        @Test
        void theMeanRatePerPostIsTheMeanOfEachPostsRatePerLocalSlotOfPublication() {
            Series mean = evaluate(Request.groupedBy(meanRate, List.of("@weekday_hour")));

            assertThat(mean.dimensions()).containsExactly("@weekday_hour");
            // Sat 09:00: (10.00 + 5.00) ÷ 2 = 7.50, not 11 ÷ 120 of the posts together; Sun 10:00 on summer time
            assertThat(mean.value(0, List.of("Sat 09:00"))).isEqualTo(new BigDecimal("7.50"));
            assertThat(mean.value(0, List.of("Sun 10:00"))).isEqualTo(new BigDecimal("20.00"));
            // p3 has no views, so no rate: its slot has no mean; p9 has no post, so no slot
            assertThat(mean.value(0, List.of("Sun 11:00"))).isNull();
            assertThat(mean.value(0, Collections.singletonList(null))).isEqualTo(new BigDecimal("10.00"));
            // the leaves were measured per slot and per post
            assertThat(usage.measured.getFirst()).allSatisfy(leaf -> assertThat(leaf.groupBy()).containsExactly("@weekday_hour", "content_id"));
        }

        @Test
        void theCountOfRatedPostsIsTheSampleOfTheMean() {
            Series rated = evaluate(Request.groupedBy(ratedPosts, List.of("@weekday_hour")));

            assertThat(rated.value(0, List.of("Sat 09:00"))).isEqualByComparingTo("2");
            assertThat(rated.value(0, List.of("Sun 10:00"))).isEqualByComparingTo("1");
            assertThat(rated.value(0, List.of("Sun 11:00"))).isEqualByComparingTo("0");
            // ungrouped: every post with views, the one without a post included
            assertThat(evaluate(Request.of(ratedPosts)).value(0, List.of())).isEqualByComparingTo("4");
            assertThat(evaluate(Request.of(meanRate)).value(0, List.of())).isEqualTo(new BigDecimal("11.25"));
        }

        @Test
        void anEventTakesItsItemsDimensionsAndTheItemsTime() {
            Meter views = meter("post_views", "content.engagement", Aggregation.SUM).measure("views").join("content.published", "content_id")
                    .build();
            meters.create(TENANT, views, NOW);
            Metric metric = BuiltInMetrics.ofMeter(views, Polarity.NEUTRAL, false);

            Series byTitleAndDay = engine.evaluate(MetricCatalog.of(List.of(metric)), berlin,
                    List.of(Request.groupedBy(metric, List.of("title", "@weekday"))), WEEKEND).getFirst();

            // the engagement was on Monday; the posts were published on Saturday and Sunday
            assertThat(byTitleAndDay.value(0, List.of("Post p1", "Sat"))).isEqualByComparingTo("100");
            assertThat(byTitleAndDay.value(0, List.of("Post p2", "Sun"))).isEqualByComparingTo("50");
            assertThat(byTitleAndDay.value(0, Arrays.asList(null, null))).isEqualByComparingTo("10");
        }

        @Test
        void firstTellsAnItemsOwnEventFromTheOthers() {
            event("order.placed", Instant.parse("2026-03-20T10:00:00Z")).customer("c1").dimension("buyer", "b1").sendTo(events);
            event("order.placed", Instant.parse("2026-03-28T10:00:00Z")).customer("c1").dimension("buyer", "b1").sendTo(events);
            event("order.placed", Instant.parse("2026-03-28T11:00:00Z")).customer("c1").dimension("buyer", "b2").sendTo(events);
            event("order.placed", Instant.parse("2026-03-29T11:00:00Z")).customer("c1").dimension("buyer", "b2").sendTo(events);
            event("order.placed", Instant.parse("2026-03-29T12:00:00Z")).customer("c1").dimension("buyer", "b3").sendTo(events);

            // in the weekend: b1 (first order before it), b2 (first and second in it), b3 (first in it)
            assertThat(evaluate(Request.of(BuiltInMetrics.get(BuiltInMeters.NEW_BUYERS))).value(0, List.of())).isEqualByComparingTo("2");
            assertThat(evaluate(Request.of(BuiltInMetrics.get(BuiltInMetrics.RETURNING_BUYERS))).value(0, List.of())).isEqualByComparingTo("1");
            assertThat(evaluate(Request.of(BuiltInMetrics.get(BuiltInMeters.REPEAT_BUYERS))).value(0, List.of())).isEqualByComparingTo("2");
            // b1 and b2 of 3 buyers: 66.666… → 66.67
            assertThat(evaluate(Request.of(BuiltInMetrics.get(BuiltInMetrics.REPEAT_PURCHASE_RATE))).value(0, List.of()))
                    .isEqualTo(new BigDecimal("66.67"));
        }
    }
}
