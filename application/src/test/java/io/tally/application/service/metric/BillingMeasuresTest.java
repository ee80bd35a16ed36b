package io.tally.application.service.metric;

import static io.tally.application.service.TestData.TENANT;
import static io.tally.application.service.TestData.payment;
import static io.tally.application.service.TestData.profile;
import static io.tally.application.service.TestData.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.application.service.InMemoryStores;
import io.tally.application.service.TestData;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.billing.BillingInterval;
import io.tally.domain.billing.BillingMeasure;
import io.tally.domain.billing.MrrPolicy;
import io.tally.domain.billing.SubscriptionStatus;
import io.tally.domain.billing.SubscriptionVersion;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.Series;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Billing measures over three calendar months (UTC) around now: the month before now's (October, say), now's month
 * (November), which ends after now and is measured up to now, and the month after (December), which has not begun.
 *
 * <p>The ledger ({@code M0}, {@code M1}, {@code M2}: the first instants of the three months; all monthly unless said):
 * <pre>
 *   a  pro    30.00 USD since M0 − 10 d; 2 seats (60.00) from M1 + 5 d       profile US, signed up M0 − 40 d
 *   b  basic  20.00 USD since M0 − 30 d, canceled M0 + 1 d, ended M0 + 15 d  profile FR, signed up M0 − 60 d
 *   c  pro    10.00 EUR from M0 + 3 d                                        profile DE, pro, signed up M0 + 3 d
 *   d  basic  120.00 USD a year (10.00 a month) from M1 + 2 d,
 *             canceled M1 + 10 d, ends now + 3 d                             profile US, basic, signed up M1 + 2 d
 *   e  basic  15.00 USD, starts now + 2 d                                    no country, no plan, signed up M1 + 8 d
 * </pre>
 * Payments: a 30.00 USD at M0 + 1 d; c 10.00 EUR at M0 + 3 d, 4.00 of it refunded at M1 + 1 d; a 60.00 USD at M1 + 5 d;
 * d 10.00 USD at M1 + 2 d, failed.
 */
class BillingMeasuresTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final YearMonth THIS_MONTH = YearMonth.from(NOW.atZone(ZoneOffset.UTC));
    private static final Instant M0 = start(THIS_MONTH.minusMonths(1));
    private static final Instant M1 = start(THIS_MONTH);
    private static final Instant M2 = start(THIS_MONTH.plusMonths(1));
    private static final Instant M3 = start(THIS_MONTH.plusMonths(2));
    private static final List<Bucket> MONTHS = List.of(new Bucket(M0, M1, "before"), new Bucket(M1, M2, "now's"), new Bucket(M2, M3, "after"));
    private static final int BEFORE = 0;
    private static final int NOWS = 1;
    private static final int AFTER = 2;

    private final InMemoryStores.Customers customers = new InMemoryStores.Customers();
    private final InMemoryStores.Billing billing = new InMemoryStores.Billing(customers);

    private static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant days(Instant from, int days) {
        return from.plus(Duration.ofDays(days));
    }

    @BeforeAll
    static void theFixtureFitsInNowsMonth() {
        // e signs up at M1 + 8 d, before now; d ends at now + 3 d and e starts at now + 2 d, both before M2
        assertThat(days(M1, 8)).isBefore(NOW);
        assertThat(days(NOW, 3)).isBefore(M2);
    }

    @BeforeEach
    void theLedger() {
        customers.upsert(TENANT, CustomerId.of("a"), profile().country("US").signedUpAt(days(M0, -40)).build(), NOW);
        customers.upsert(TENANT, CustomerId.of("b"), profile().country("FR").signedUpAt(days(M0, -60)).build(), NOW);
        customers.upsert(TENANT, CustomerId.of("c"), profile().country("DE").plan("pro").signedUpAt(days(M0, 3)).build(), NOW);
        customers.upsert(TENANT, CustomerId.of("d"), profile().country("US").plan("basic").signedUpAt(days(M1, 2)).build(), NOW);
        customers.upsert(TENANT, CustomerId.of("e"), profile().signedUpAt(days(M1, 8)).build(), NOW);

        TestData.SubscriptionBuilder a = subscription("sub-a", "a", days(M0, -10)).plan("pro").price("30.00", "USD", BillingInterval.MONTH);
        add(a.build());
        add(a.quantity(2).effectiveAt(days(M1, 5)).build());
        add(subscription("sub-b", "b", days(M0, -30)).price("20.00", "USD", BillingInterval.MONTH).canceledAt(days(M0, 1))
                .endedAt(days(M0, 15)).build());
        add(subscription("sub-c", "c", days(M0, 3)).plan("pro").price("10.00", "EUR", BillingInterval.MONTH).build());
        add(subscription("sub-d", "d", days(M1, 2)).price("120.00", "USD", BillingInterval.YEAR).canceledAt(days(M1, 10))
                .endedAt(days(NOW, 3)).build());
        add(subscription("sub-e", "e", days(NOW, 2)).price("15.00", "USD", BillingInterval.MONTH).build());

        billing.insertPayment(TENANT, payment("p1", "a", "30.00", "USD", days(M0, 1)).build(), NOW);
        billing.insertPayment(TENANT, payment("p2", "c", "10.00", "EUR", days(M0, 3)).refund("4.00", days(M1, 1)).build(), NOW);
        billing.insertPayment(TENANT, payment("p3", "a", "60.00", "USD", days(M1, 5)).build(), NOW);
        billing.insertPayment(TENANT, payment("p4", "d", "10.00", "USD", days(M1, 2)).failed().build(), NOW);
    }

    private void add(SubscriptionVersion version) {
        assertThat(billing.insertVersion(TENANT, version, NOW)).isEmpty();
    }

    private BillingFigures.Session session(MrrPolicy policy, Optional<CustomerId> customer) {
        return new BillingMeasures(billing, policy).open(TENANT, customer, MONTHS, NOW, TimeZoneId.UTC);
    }

    private Series measure(BillingMeasure measure) {
        return session(MrrPolicy.DEFAULT, Optional.empty()).measure(measure, Optional.empty());
    }

    private Series measure(BillingMeasure measure, String groupBy) {
        return session(MrrPolicy.DEFAULT, Optional.empty()).measure(measure, Optional.of(groupBy));
    }

    private static List<String> key(String... values) {
        return Arrays.asList(values);
    }

    @Nested
    class Mrr {

        @Test
        void atTheStartAndTheEndOfEachMonthPerCurrency() {
            Series start = measure(BillingMeasure.MRR_AT_START);
            Series end = measure(BillingMeasure.MRR);

            assertThat(end.dimensions()).containsExactly("currency");
            // before M0: a 30.00 + b 20.00 USD; c has not started (EUR 0)
            assertThat(start.value(BEFORE, key("USD"))).isEqualByComparingTo("50.00");
            assertThat(start.value(BEFORE, key("EUR"))).isEqualByComparingTo("0");
            // before M1: a 30.00 USD (b ended at M0 + 15 d), c 10.00 EUR
            assertThat(end.value(BEFORE, key("USD"))).isEqualByComparingTo("30.00");
            assertThat(end.value(BEFORE, key("EUR"))).isEqualByComparingTo("10.00");
            assertThat(start.value(NOWS, key("USD"))).isEqualByComparingTo("30.00");
            // before now: a 2 × 30.00 + d 120.00 ÷ 12 = 70.00 USD; c 10.00 EUR
            assertThat(end.value(NOWS, key("USD"))).isEqualByComparingTo("70.00");
            assertThat(end.value(NOWS, key("EUR"))).isEqualByComparingTo("10.00");
        }

        @Test
        void aMonthEndingAfterNowIsMeasuredUpToNow() {
            Series end = measure(BillingMeasure.MRR);
            Series churned = measure(BillingMeasure.CHURNED_MRR);
            Series created = measure(BillingMeasure.NEW_MRR);

            // up to M2 it would be a 60.00 + e 15.00 = 75.00, d churned and e new; up to now d still pays and e has not begun
            assertThat(end.value(NOWS, key("USD"))).isEqualByComparingTo("70.00");
            assertThat(churned.value(NOWS, key("USD"))).isEqualByComparingTo("0");
            assertThat(created.value(NOWS, key("USD"))).isEqualByComparingTo("10.00");
        }

        @Test
        void aMonthNotBegunHasNothing() {
            Series end = measure(BillingMeasure.MRR);
            Series rate = measure(BillingMeasure.CUSTOMER_CHURN_RATE);
            Series paying = measure(BillingMeasure.PAYING_CUSTOMERS);

            assertThat(end.keys(AFTER)).isEmpty();
            assertThat(end.value(AFTER, key("USD"))).isEqualByComparingTo("0");
            assertThat(paying.value(AFTER, List.of())).isEqualByComparingTo("0");
            assertThat(rate.value(AFTER, List.of())).isNull();
        }

        @Test
        void itsMovementsEachMonth() {
            // before: b's 20.00 USD churned, c's 10.00 EUR new; now's: a's second seat +30.00, d's 10.00 new
            assertThat(measure(BillingMeasure.CHURNED_MRR).value(BEFORE, key("USD"))).isEqualByComparingTo("-20.00");
            assertThat(measure(BillingMeasure.NEW_MRR).value(BEFORE, key("EUR"))).isEqualByComparingTo("10.00");
            assertThat(measure(BillingMeasure.NEW_MRR).value(BEFORE, key("USD"))).isEqualByComparingTo("0");
            assertThat(measure(BillingMeasure.EXPANSION_MRR).value(NOWS, key("USD"))).isEqualByComparingTo("30.00");
            assertThat(measure(BillingMeasure.CONTRACTION_MRR).value(NOWS, key("USD"))).isEqualByComparingTo("0");
            assertThat(measure(BillingMeasure.REACTIVATION_MRR).value(NOWS, key("USD"))).isEqualByComparingTo("0");
        }

        @Test
        void byPlanOfTheSubscriptionsPayingAtTheEnd() {
            Series byPlan = measure(BillingMeasure.MRR, "plan");

            assertThat(byPlan.dimensions()).containsExactly("plan", "currency");
            // before M1: a (pro) 30.00 USD, c (pro) 10.00 EUR; b pays nothing then
            assertThat(byPlan.keys(BEFORE)).containsExactlyInAnyOrder(key("pro", "USD"), key("pro", "EUR"));
            assertThat(byPlan.value(BEFORE, key("pro", "USD"))).isEqualByComparingTo("30.00");
            // before now: a (pro) 60.00 USD, c (pro) 10.00 EUR, d (basic) 10.00 USD; e has not started
            assertThat(byPlan.keys(NOWS)).containsExactlyInAnyOrder(key("pro", "USD"), key("pro", "EUR"), key("basic", "USD"));
            assertThat(byPlan.value(NOWS, key("pro", "USD"))).isEqualByComparingTo("60.00");
            assertThat(byPlan.value(NOWS, key("pro", "EUR"))).isEqualByComparingTo("10.00");
            assertThat(byPlan.value(NOWS, key("basic", "USD"))).isEqualByComparingTo("10.00");
        }

        @Test
        void byCountryOfTheCustomersProfile() {
            Series byCountry = measure(BillingMeasure.MRR, "country");

            // before now: a (US) 60.00 + d (US) 10.00 = 70.00 USD, c (DE) 10.00 EUR
            assertThat(byCountry.keys(NOWS)).containsExactlyInAnyOrder(key("US", "USD"), key("DE", "EUR"));
            assertThat(byCountry.value(NOWS, key("US", "USD"))).isEqualByComparingTo("70.00");
            assertThat(byCountry.value(NOWS, key("DE", "EUR"))).isEqualByComparingTo("10.00");
        }

        @Test
        void aTrialCountsOnlyWhenTheDeploymentSaysSo() {
            customers.upsert(TENANT, CustomerId.of("t"), profile().build(), NOW);
            add(subscription("sub-t", "t", days(M0, 5)).status(SubscriptionStatus.TRIALING).price("25.00", "USD", BillingInterval.MONTH).build());

            Series byDefault = session(MrrPolicy.DEFAULT, Optional.empty()).measure(BillingMeasure.MRR, Optional.empty());
            Series countingTrials = session(new MrrPolicy(true, false), Optional.empty()).measure(BillingMeasure.MRR, Optional.empty());

            // before M1: a 30.00, and t's trial 25.00 only when trials count
            assertThat(byDefault.value(BEFORE, key("USD"))).isEqualByComparingTo("30.00");
            assertThat(countingTrials.value(BEFORE, key("USD"))).isEqualByComparingTo("55.00");
        }
    }

    @Nested
    class CustomerCounts {

        @Test
        void payingAtTheStartAndTheEndAndChurned() {
            // before: paying at M0 a, b; at the end a, c; b churned; now's: at M1 a, c; at now a, c, d; nobody churned
            assertThat(measure(BillingMeasure.PAYING_CUSTOMERS_AT_START).value(BEFORE, List.of())).isEqualByComparingTo("2");
            assertThat(measure(BillingMeasure.PAYING_CUSTOMERS).value(BEFORE, List.of())).isEqualByComparingTo("2");
            assertThat(measure(BillingMeasure.CHURNED_CUSTOMERS).value(BEFORE, List.of())).isEqualByComparingTo("1");
            assertThat(measure(BillingMeasure.NEW_AND_CHURNED).value(BEFORE, List.of())).isEqualByComparingTo("0");
            assertThat(measure(BillingMeasure.PAYING_CUSTOMERS_AT_START).value(NOWS, List.of())).isEqualByComparingTo("2");
            assertThat(measure(BillingMeasure.PAYING_CUSTOMERS).value(NOWS, List.of())).isEqualByComparingTo("3");
            assertThat(measure(BillingMeasure.CHURNED_CUSTOMERS).value(NOWS, List.of())).isEqualByComparingTo("0");
        }

        @Test
        void payingPerCurrencyAndByPlan() {
            Series perCurrency = measure(BillingMeasure.PAYING_CUSTOMERS_IN_CURRENCY);
            Series byPlan = measure(BillingMeasure.PAYING_CUSTOMERS, "plan");

            // at now: a and d pay in USD, c in EUR; by plan a and c on pro, d on basic
            assertThat(perCurrency.value(NOWS, key("USD"))).isEqualByComparingTo("2");
            assertThat(perCurrency.value(NOWS, key("EUR"))).isEqualByComparingTo("1");
            assertThat(byPlan.value(NOWS, key("pro"))).isEqualByComparingTo("2");
            assertThat(byPlan.value(NOWS, key("basic"))).isEqualByComparingTo("1");
        }

        @Test
        void theChurnRateFollowsTheCalendarMonthRule() {
            Series rate = measure(BillingMeasure.CUSTOMER_CHURN_RATE);

            // before: of a and b paying at M0, b pays nothing at M1: 1 ÷ 2 × 100 = 50.00;
            // now's month up to now: of a and c paying at M1, both still pay: 0 ÷ 2 = 0.00
            assertThat(rate.value(BEFORE, List.of())).isEqualByComparingTo("50.00");
            assertThat(rate.value(NOWS, List.of())).isEqualByComparingTo("0.00");
        }

        @Test
        void signupsByTheirProfilesCountryAndPlan() {
            Series signups = measure(BillingMeasure.NEW_SIGNUPS);
            Series byCountry = measure(BillingMeasure.NEW_SIGNUPS, "country");
            Series byPlan = measure(BillingMeasure.NEW_SIGNUPS, "plan");

            // before: c (DE, pro); now's, before now: d (US, basic) and e (no country, no plan)
            assertThat(signups.value(BEFORE, List.of())).isEqualByComparingTo("1");
            assertThat(signups.value(NOWS, List.of())).isEqualByComparingTo("2");
            assertThat(byCountry.value(BEFORE, key("DE"))).isEqualByComparingTo("1");
            assertThat(byCountry.keys(NOWS)).containsExactlyInAnyOrder(key("US"), key((String) null));
            assertThat(byPlan.value(NOWS, key("basic"))).isEqualByComparingTo("1");
            assertThat(byPlan.value(NOWS, key((String) null))).isEqualByComparingTo("1");
        }
    }

    @Nested
    class Revenue {

        @Test
        void grossRefundsAndNetPerCurrency() {
            Series gross = measure(BillingMeasure.GROSS_REVENUE);
            Series refunds = measure(BillingMeasure.REFUNDS);
            Series net = measure(BillingMeasure.NET_REVENUE);

            // before: a 30.00 USD, c 10.00 EUR, no refund
            assertThat(gross.value(BEFORE, key("USD"))).isEqualByComparingTo("30.00");
            assertThat(gross.value(BEFORE, key("EUR"))).isEqualByComparingTo("10.00");
            assertThat(net.value(BEFORE, key("EUR"))).isEqualByComparingTo("10.00");
            // now's: a 60.00 USD (d's payment failed); 4.00 EUR refunded on c's payment of the month before: net −4.00 EUR
            assertThat(gross.value(NOWS, key("USD"))).isEqualByComparingTo("60.00");
            assertThat(gross.value(NOWS, key("EUR"))).isEqualByComparingTo("0");
            assertThat(refunds.value(NOWS, key("EUR"))).isEqualByComparingTo("4.00");
            assertThat(net.value(NOWS, key("USD"))).isEqualByComparingTo("60.00");
            assertThat(net.value(NOWS, key("EUR"))).isEqualByComparingTo("-4.00");
        }
    }

    @Test
    void oneSessionReadsEachKindOfFactOnce() {
        BillingFigures.Session session = session(MrrPolicy.DEFAULT, Optional.empty());

        for (BillingMeasure measure : BillingMeasure.values()) {
            session.measure(measure, Optional.empty());
        }

        assertThat(billing.versionReads).isEqualTo(1);
        assertThat(billing.paymentReads).isEqualTo(1);
        assertThat(billing.signupReads).isEqualTo(1);
    }

    @Test
    void oneCustomersMeasuresComeFromItsOwnFactsOnly() {
        BillingFigures.Session ofA = session(MrrPolicy.DEFAULT, Optional.of(CustomerId.of("a")));

        // a alone: 30.00 USD before M1, 60.00 before now; paid 30.00 then 60.00; signed up long before
        Series mrr = ofA.measure(BillingMeasure.MRR, Optional.empty());
        assertThat(mrr.value(BEFORE, key("USD"))).isEqualByComparingTo("30.00");
        assertThat(mrr.value(NOWS, key("USD"))).isEqualByComparingTo("60.00");
        assertThat(mrr.keys(NOWS)).containsExactly(key("USD"));
        assertThat(ofA.measure(BillingMeasure.GROSS_REVENUE, Optional.empty()).value(NOWS, key("USD"))).isEqualByComparingTo("60.00");
        assertThat(ofA.measure(BillingMeasure.PAYING_CUSTOMERS, Optional.empty()).value(NOWS, List.of())).isEqualByComparingTo("1");
        assertThat(ofA.measure(BillingMeasure.NEW_SIGNUPS, Optional.empty()).value(BEFORE, List.of())).isEqualByComparingTo("0");
    }
}
