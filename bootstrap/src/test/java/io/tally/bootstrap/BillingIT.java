package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Billing figures of the hand-built {@link BillingLedger} (tenant in America/New_York, January to March of the
 * latest year whose March is over there, {@link BillingLedger#YEAR}), every one worked out by hand below from the
 * ledger's comments. Amounts are listed per currency, EUR before USD.
 *
 * <p>MRR per customer (USD unless said): c01 50; c02 120, 200 from 10 Feb; c03 100 from 5 Jan, 150 from 14 Feb;
 * c04 100, 50 from 16 Mar; c05 50 until 1 Mar 00:00; c06 €40 from 10 Jan; c07 €50 from 1 Feb 00:00; c08 30 until
 * 20 Jan, again 30 from 5 Mar; c09 0 (trial) from 1 Mar, 20 from 15 Mar; c10 43.33; c11 30.42 from 3 Feb; c12 60
 * until 10 Mar (past due); c13 25 from 1 Jan 00:00, 50 from 10 Mar; c14 70 from 31 Jan 21:00; c15 30; c16 45
 * from 15 Jan until 20 Mar; c17 15 from 3 to 25 Mar; c19 €80, €60 from 20 Feb.
 */
@MicronautTest(transactional = false)
class BillingIT extends ApiTestSupport {

    String analyst;

    @BeforeEach
    void load() {
        analyst = Tokens.user(tenant, "analyst");
        setNewYork(tenant);
        // p02 is first reported without its refund; the refund arrives later as an update of the same payment.
        send(tenant, p02WithoutRefund());
        BillingLedger.facts().forEach(fact -> send(tenant, fact));
    }

    void setNewYork(String tenantKey) {
        Api.Reply reply = api.put("/api/v1/tenant/settings", Tokens.user(tenantKey, "owner"),
                "{\"timezone\": \"" + BillingLedger.ZONE + "\", \"currency\": \"USD\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    void send(String tenantKey, BillingLedger.Fact fact) {
        String token = Tokens.service(tenantKey, "billing:write customers:write");
        Api.Reply reply = fact.method().equals("PUT") ? api.put(fact.path(), token, fact.body())
                : api.post(fact.path(), token, "application/json", fact.body());
        assertThat(reply.status()).as(fact + " → " + reply.body()).isIn(200, 201);
    }

    static BillingLedger.Fact p02WithoutRefund() {
        return new BillingLedger.Fact("POST", "/internal/v1/payments", "{\"id\": \"p02\", \"customer\": \"c04\", \"amount\": "
                + "{\"amount\": \"100.00\", \"currency\": \"USD\"}, \"status\": \"succeeded\", \"paid_at\": \""
                + BillingLedger.ny("03-01T10:00") + "\"}");
    }

    Map<String, Object> summary(String tenantKey, String query) {
        Api.Reply reply = api.get("/api/v1/billing/summary?" + query, Tokens.user(tenantKey, "analyst"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.map();
    }

    /** "150.00 EUR"-style texts of a list of money, in the order given. */
    @SuppressWarnings("unchecked")
    static List<String> money(Object list) {
        return ((List<Map<String, Object>>) list).stream().map(m -> m.get("amount") + " " + m.get("currency")).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> map, String key) {
        return (Map<String, Object>) map.get(key);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(Map<String, Object> map, String key) {
        return (List<Map<String, Object>>) map.get(key);
    }

    @Nested
    class March {

        Map<String, Object> march;

        @BeforeEach
        void read() {
            march = summary(tenant, "month=" + BillingLedger.month(3));
        }

        @Test
        void periodIsTheLocalMonth() {
            assertThat(object(march, "period")).containsEntry("from", BillingLedger.YEAR + "-03-01")
                    .containsEntry("to", BillingLedger.YEAR + "-03-31").containsEntry("timezone", "America/New_York");
            // 1 April 00:00 New York is 04:00 UTC (daylight saving time since the second Sunday of March).
            assertThat(march).containsEntry("measured_until", BillingLedger.YEAR + "-04-01T04:00:00Z");
        }

        @Test
        void signupsCountLocalDays() {
            // c09 (1 Mar 00:00), c17 (3 Mar), c20 (30 Mar), c18 (31 Mar 23:30 New York = 1 Apr UTC).
            assertThat(march).containsEntry("new_signups", 4);
        }

        @Test
        void churnCountsCustomersPayingAtTheStartOrDuringAndNotAtTheEnd() {
            // Paying just before 1 March: c01 c02 c03 c04 c05 c10 c11 c12 c13 c14 c15 c16 (USD), c06 c07 c19 (EUR) = 15.
            // Churned: c05 (ended 1 Mar 00:00), c12 (past due), c16 (canceled), c17 (started and ended in March) = 4.
            // c08 churned in January and came back: paying at the end.
            assertThat(march).containsEntry("paying_customers_at_start", 15).containsEntry("churned_customers", 4);
            // c17 was not paying at the start: new and churned, beside the rate. 3 (c05, c12, c16) ÷ 15 × 100 = 20.00
            assertThat(march).containsEntry("new_and_churned", 1).containsEntry("customer_churn_rate", 20.0);
            // c01 c02 c03 c04 c08 c09 c10 c11 c13 c14 c15 (USD) + c06 c07 c19 (EUR)
            assertThat(march).containsEntry("paying_customers_at_end", 14);
        }

        @Test
        void revenueIsPerCurrencyWithRefundsOfThePeriod() {
            Map<String, Object> revenue = object(march, "total_revenue");
            // USD gross: p01 50 + p02 100 + p03 45 + p09 200 (31 Mar 23:00 New York) = 395; p04 failed; p08 is February's.
            // EUR gross: p05 40 + p06 60 = 100.
            assertThat(money(revenue.get("gross"))).containsExactly("100.00 EUR", "395.00 USD");
            // Refunds in March: p02 50 + p03 45 + p07 100 (paid in November) = 195.
            assertThat(money(revenue.get("refunds"))).containsExactly("0.00 EUR", "195.00 USD");
            assertThat(money(revenue.get("net"))).containsExactly("100.00 EUR", "200.00 USD");
        }

        @Test
        void mrrMovementsReconcile() {
            Map<String, Object> mrr = object(march, "mrr");
            // USD start: 50 + 200 + 150 + 100 + 50 + 43.33 + 30.42 + 60 + 25 + 70 + 30 + 45 = 853.75
            assertThat(money(mrr.get("start"))).containsExactly("150.00 EUR", "853.75 USD");
            // new: c17 15 + c09 20; expansion: c13 +25; contraction: c04 -50; reactivation: c08 30
            assertThat(money(mrr.get("new"))).containsExactly("0.00 EUR", "35.00 USD");
            assertThat(money(mrr.get("expansion"))).containsExactly("0.00 EUR", "25.00 USD");
            assertThat(money(mrr.get("contraction"))).containsExactly("0.00 EUR", "-50.00 USD");
            // churn: c05 50 + c12 60 + c16 45 + c17 15 = 170
            assertThat(money(mrr.get("churn"))).containsExactly("0.00 EUR", "-170.00 USD");
            assertThat(money(mrr.get("reactivation"))).containsExactly("0.00 EUR", "30.00 USD");
            // 853.75 + 35 + 25 - 50 - 170 + 30 = 723.75
            // = c01 50 + c02 200 + c03 150 + c04 50 + c08 30 + c09 20 + c10 43.33 + c11 30.42 + c13 50 + c14 70 + c15 30
            assertThat(money(mrr.get("end"))).containsExactly("150.00 EUR", "723.75 USD");
        }

        @Test
        void arpuIsEndMrrPerCustomerPayingInTheCurrency() {
            // 723.75 ÷ 11 = 65.795… → 65.80; 150 ÷ 3 = 50
            assertThat(money(march.get("arpu"))).containsExactly("50.00 EUR", "65.80 USD");
        }

        @Test
        void breakdownByPlanAtTheEnd() {
            List<Map<String, Object>> plans = objects(march, "by_plan");
            assertThat(plans).extracting(plan -> plan.get("plan")).containsExactly("basic", "basic-eur", "daily", "pro-70", "pro-eur",
                    "pro-plus", "quarterly", "seats", "starter", "team-eur-yearly", "team-yearly", "weekly");
            // basic: c01 50 + c04 50 (downgraded from pro); starter: c08 30 + c09 20; c05's basic ended.
            assertThat(plans.getFirst()).containsEntry("paying_customers", 2);
            assertThat(money(plans.getFirst().get("mrr"))).containsExactly("100.00 USD");
            assertThat(plans.get(8)).containsEntry("paying_customers", 2);
            assertThat(money(plans.get(8).get("mrr"))).containsExactly("50.00 USD");
            assertThat(money(plans.get(11).get("mrr"))).containsExactly("43.33 USD");
        }

        @Test
        void breakdownByCountry() {
            List<Map<String, Object>> countries = objects(march, "by_country");
            assertThat(countries).extracting(country -> country.get("country")).containsExactly("DE", "FR", "JP", "US", null);
            assertThat(countries.get(0)).containsEntry("paying_customers", 2).containsEntry("new_signups", 0);
            assertThat(money(countries.get(0).get("mrr"))).containsExactly("90.00 EUR");
            assertThat(money(countries.get(1).get("mrr"))).containsExactly("60.00 EUR");
            assertThat(countries.get(2)).containsEntry("paying_customers", 0).containsEntry("new_signups", 1);
            assertThat(countries.get(3)).containsEntry("paying_customers", 11).containsEntry("new_signups", 2);
            assertThat(money(countries.get(3).get("mrr"))).containsExactly("723.75 USD");
            assertThat(countries.get(4)).containsEntry("paying_customers", 0).containsEntry("new_signups", 1);
        }
    }

    @Test
    void february() {
        // the whole of February: to its 28th, or its 29th in a leap year
        YearMonth month = BillingLedger.month(2);
        Map<String, Object> february = summary(tenant, "from=" + month.atDay(1) + "&to=" + month.atEndOfMonth());
        Map<String, Object> mrr = object(february, "mrr");
        // USD start: c01 50 + c02 120 + c03 100 + c04 100 + c05 50 + c10 43.33 + c12 60 + c13 25 + c14 70 + c15 30 + c16 45
        assertThat(money(mrr.get("start"))).containsExactly("120.00 EUR", "693.33 USD");
        // new: c07 €50 (1 Feb 00:00), c11 30.42; expansion: c02 +80, c03 +50; contraction: c19 -€20
        assertThat(money(mrr.get("new"))).containsExactly("50.00 EUR", "30.42 USD");
        assertThat(money(mrr.get("expansion"))).containsExactly("0.00 EUR", "130.00 USD");
        assertThat(money(mrr.get("contraction"))).containsExactly("-20.00 EUR", "0.00 USD");
        assertThat(money(mrr.get("churn"))).containsExactly("0.00 EUR", "0.00 USD");
        assertThat(money(mrr.get("end"))).containsExactly("150.00 EUR", "853.75 USD");
        // c11 only: c14 signed up on 31 Jan 21:00 New York, already 1 Feb in UTC.
        assertThat(february).containsEntry("new_signups", 1).containsEntry("churned_customers", 0)
                .containsEntry("paying_customers_at_start", 13).containsEntry("customer_churn_rate", 0.0);
        // p08 (February's last day, 23:30 New York = 1 Mar UTC) and p10.
        assertThat(money(object(february, "total_revenue").get("gross"))).containsExactly("600.00 EUR", "50.00 USD");
        // 853.75 ÷ 12 = 71.145… → 71.15
        assertThat(money(february.get("arpu"))).containsExactly("50.00 EUR", "71.15 USD");
    }

    @Test
    void january() {
        Map<String, Object> january = summary(tenant, "month=" + BillingLedger.month(1));
        Map<String, Object> mrr = object(january, "mrr");
        // USD start: c01 50 + c02 120 + c04 100 + c05 50 + c08 30 + c10 43.33 + c12 60 + c15 30
        assertThat(money(mrr.get("start"))).containsExactly("80.00 EUR", "483.33 USD");
        // new: c03 100, c13 25 (1 Jan 00:00 belongs to January), c14 70 (31 Jan 21:00), c16 45; c06 €40
        assertThat(money(mrr.get("new"))).containsExactly("40.00 EUR", "240.00 USD");
        assertThat(money(mrr.get("churn"))).containsExactly("0.00 EUR", "-30.00 USD");
        assertThat(money(mrr.get("end"))).containsExactly("120.00 EUR", "693.33 USD");
        // c03, c06, c07, c14, c16; c13 signed up on 31 Dec 23:30 New York
        assertThat(january).containsEntry("new_signups", 5).containsEntry("paying_customers_at_start", 9)
                .containsEntry("churned_customers", 1).containsEntry("customer_churn_rate", 11.11);
        assertThat(money(object(january, "total_revenue").get("gross"))).isEmpty();
        // 693.33 ÷ 11 = 63.03; 120 ÷ 2 = 60
        assertThat(money(january.get("arpu"))).containsExactly("60.00 EUR", "63.03 USD");
    }

    @Test
    void theChurnRateOfTheQuarterIsTheMeanOfItsMonths() {
        Map<String, Object> quarter = summary(tenant, "from=" + BillingLedger.month(1).atDay(1) + "&to=" + BillingLedger.month(3).atEndOfMonth());
        // January 1 ÷ 9 (c08), February 0 ÷ 13, March 3 ÷ 15: (1/9 + 0 + 1/5) ÷ 3 = 14/135 = 10.370… → 10.37.
        assertThat(quarter).containsEntry("customer_churn_rate", 10.37);
        // c05, c12, c16, c17 pay nothing at the end (c08 came back); c16 (from 15 January) and c17 (March) were not
        // paying at the quarter's start.
        assertThat(quarter).containsEntry("paying_customers_at_start", 9).containsEntry("churned_customers", 4)
                .containsEntry("new_and_churned", 2);
    }

    @Test
    void mrrSeriesChainsMonthToMonth() {
        Api.Reply reply = api.get("/api/v1/billing/mrr?months=36", analyst);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<Map<String, Object>> months = objects(reply.map(), "months");
        assertThat(months).hasSize(36);
        Map<String, Map<String, Object>> byMonth = new java.util.HashMap<>();
        months.forEach(month -> byMonth.put((String) month.get("month"), object(month, "mrr")));
        assertThat(money(byMonth.get(BillingLedger.month(1).toString()).get("end"))).containsExactly("120.00 EUR", "693.33 USD");
        assertThat(money(byMonth.get(BillingLedger.month(2).toString()).get("end"))).containsExactly("150.00 EUR", "853.75 USD");
        assertThat(money(byMonth.get(BillingLedger.month(3).toString()).get("end"))).containsExactly("150.00 EUR", "723.75 USD");
        assertThat(money(byMonth.get(BillingLedger.month(3).toString()).get("reactivation"))).containsExactly("0.00 EUR", "30.00 USD");
        // October of the year before: c08 starts (new 30), the only subscription then.
        assertThat(money(byMonth.get(YearMonth.of(BillingLedger.YEAR - 1, 10).toString()).get("new"))).containsExactly("0.00 EUR", "30.00 USD");
        // Every month lists both currencies, zeros included: the series' first month, 35 months before this one, is
        // before that October (the ledger's March is at most 12 months ago, so that October at most 29).
        assertThat(money(object(months.getFirst(), "mrr").get("end"))).containsExactly("0.00 EUR", "0.00 USD");
        for (int i = 1; i < months.size(); i++) {
            assertThat(object(months.get(i), "mrr").get("start")).as((String) months.get(i).get("month"))
                    .isEqualTo(object(months.get(i - 1), "mrr").get("end"));
        }
    }

    @Test
    void replayingEveryFactTwiceInReverseOrderChangesNoFigure() {
        List<Map<String, Object>> before = figures(tenant);
        List<BillingLedger.Fact> reversed = new ArrayList<>(BillingLedger.facts());
        Collections.reverse(reversed);
        reversed.forEach(fact -> send(tenant, fact));
        reversed.forEach(fact -> send(tenant, fact));
        send(tenant, p02WithoutRefund());
        assertThat(figures(tenant)).isEqualTo(before);

        // A second tenant receives everything out of order from the start: the same figures.
        String other = Tokens.freshTenant();
        setNewYork(other);
        reversed.forEach(fact -> send(other, fact));
        send(other, p02WithoutRefund());
        assertThat(figures(other)).isEqualTo(before);
    }

    /** Every figure of the three months, and the billing views of two customers without their profiles' timestamps. */
    List<Map<String, Object>> figures(String tenantKey) {
        List<Map<String, Object>> figures = new ArrayList<>(List.of(summary(tenantKey, "month=" + BillingLedger.month(1)),
                summary(tenantKey, "month=" + BillingLedger.month(2)), summary(tenantKey, "month=" + BillingLedger.month(3))));
        for (String customer : List.of("c02", "c04", "c08")) {
            Map<String, Object> billing = new java.util.HashMap<>(customerBilling(tenantKey, customer));
            billing.remove("profile");
            figures.add(billing);
        }
        return figures;
    }

    Map<String, Object> customerBilling(String tenantKey, String customer) {
        Api.Reply reply = api.get("/api/v1/customers/" + customer + "/billing", Tokens.user(tenantKey, "analyst"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.map();
    }

    @Test
    void customerBillingShowsTheSubscriptionInForceAndLifetimeRevenue() {
        Map<String, Object> c04 = customerBilling(tenant, "c04");
        assertThat(object(c04, "profile")).containsEntry("external_id", "c04").containsEntry("country", "US")
                .containsEntry("timezone", "America/New_York");
        assertThat(object(c04, "subscription")).containsEntry("id", "s04").containsEntry("plan", "basic").containsEntry("status", "active");
        assertThat(money(c04.get("mrr"))).containsExactly("50.00 USD");
        Map<String, Object> lifetime = object(c04, "lifetime_revenue");
        assertThat(money(lifetime.get("gross"))).containsExactly("100.00 USD");
        assertThat(money(lifetime.get("refunds"))).containsExactly("50.00 USD");
        assertThat(money(lifetime.get("net"))).containsExactly("50.00 USD");

        // c02: 1440 paid, 100 refunded.
        assertThat(money(object(customerBilling(tenant, "c02"), "lifetime_revenue").get("net"))).containsExactly("1340.00 USD");
        // c05's subscription ended on 1 March: none in force, no MRR.
        Map<String, Object> c05 = customerBilling(tenant, "c05");
        assertThat(c05.get("subscription")).isNull();
        assertThat(money(c05.get("mrr"))).isEmpty();
        // c08 has two subscriptions; the second is in force.
        assertThat(object(customerBilling(tenant, "c08"), "subscription")).containsEntry("id", "s08b");
    }
}
