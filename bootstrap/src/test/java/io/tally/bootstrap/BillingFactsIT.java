package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Billing facts in: idempotency, versions out of order, conflicts, validation, and who may read billing figures. The
 * subscriptions start on the first day of the month nine months ago on the test clock ({@link #START}, "March"); the
 * versions are effective then, three months later ("June") and four months later ("July"), all in the past.
 */
@MicronautTest(transactional = false)
class BillingFactsIT extends ApiTestSupport {

    static final LocalDate START = TestClock.monthStart(9, ZoneOffset.UTC);
    static final String MARCH = at(START, "00:00:00");
    static final String JUNE = at(START.plusMonths(3), "00:00:00");
    static final String JULY = at(START.plusMonths(4), "00:00:00");
    /** A refund 19 days after the payment of {@link #START}, 09:00; and a time before that payment. */
    static final String REFUNDED = at(START.plusDays(19), "10:00:00");
    static final String BEFORE_PAYMENT = at(START.minusDays(9), "10:00:00");

    String billing;

    @BeforeEach
    void tokens() {
        billing = Tokens.service(tenant, "billing:write");
    }

    /** An RFC 3339 UTC time on a day. */
    static String at(LocalDate day, String time) {
        return day + "T" + time + "Z";
    }

    static String version(String customer, String plan, String amount, int quantity, String effectiveAt) {
        return "{\"customer\": \"" + customer + "\", \"plan\": \"" + plan + "\", \"status\": \"active\", \"price\": {\"amount\": \""
                + amount + "\", \"currency\": \"USD\"}, \"interval\": \"year\", \"interval_count\": 1, \"quantity\": " + quantity
                + ", \"started_at\": \"" + MARCH + "\", \"effective_at\": \"" + effectiveAt + "\"}";
    }

    static String payment(String id, String amount, String status, String refunds) {
        return "{\"id\": \"" + id + "\", \"customer\": \"acme\", \"amount\": {\"amount\": \"" + amount + "\", \"currency\": \"USD\"}, "
                + "\"status\": \"" + status + "\", \"paid_at\": \"" + at(START, "09:00:00") + "\"" + (refunds == null ? "" : ", \"refunds\": " + refunds) + "}";
    }

    @Nested
    class Subscriptions {

        @Test
        void aVersionIsCreatedOnceAndAReplayChangesNothing() {
            Api.Reply created = api.put("/internal/v1/subscriptions/sub-1", billing, version("acme", "team-yearly", "480.00", 3, JUNE));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            // 480 × 3 ÷ 12 = 120
            assertThat(created.map()).containsEntry("id", "sub-1").containsEntry("customer", "acme").containsEntry("latest", true)
                    .containsEntry("recorded", "created").containsEntry("monthly_amount", Map.of("amount", "120.00", "currency", "USD"));
            Api.Reply replay = api.put("/internal/v1/subscriptions/sub-1", billing, version("acme", "team-yearly", "480", 3, JUNE));
            assertThat(replay.status()).isEqualTo(200);
            assertThat(replay.map()).containsEntry("recorded", "unchanged");
        }

        @Test
        void anOlderVersionSentLateIsKeptAsHistoryWithoutOverridingTheNewer() {
            assertThat(api.put("/internal/v1/subscriptions/sub-1", billing, version("acme", "team-yearly", "480.00", 5, JUNE)).status())
                    .isEqualTo(201);
            Api.Reply older = api.put("/internal/v1/subscriptions/sub-1", billing, version("acme", "team-yearly", "480.00", 3, MARCH));
            assertThat(older.status()).isEqualTo(201);
            assertThat(older.map()).containsEntry("latest", false);
            Api.Reply view = api.get("/api/v1/customers/acme/billing", Tokens.user(tenant, "analyst"));
            // The newer version (5 seats: 480 × 5 ÷ 12 = 200) is the one in force.
            assertThat(BillingIT.object(view.map(), "subscription")).containsEntry("quantity", 5);
            assertThat(BillingIT.money(view.map().get("mrr"))).containsExactly("200.00 USD");
        }

        @Test
        void aDifferentVersionAtTheSameEffectiveTimeIsAConflict() {
            api.put("/internal/v1/subscriptions/sub-1", billing, version("acme", "team-yearly", "480.00", 3, JUNE));
            Api.Reply conflict = api.put("/internal/v1/subscriptions/sub-1", billing, version("acme", "team-yearly", "480.00", 4, JUNE));
            assertThat(conflict.status()).isEqualTo(409);
            assertThat(conflict.contentType()).startsWith("application/problem+json");
            assertThat((String) conflict.map().get("detail")).contains("sub-1").contains("effective_at");
        }

        @Test
        void aSubscriptionCannotMoveToAnotherCustomer() {
            api.put("/internal/v1/subscriptions/sub-1", billing, version("acme", "team-yearly", "480.00", 3, JUNE));
            Api.Reply moved = api.put("/internal/v1/subscriptions/sub-1", billing, version("globex", "team-yearly", "480.00", 3, JULY));
            assertThat(moved.status()).isEqualTo(409);
            // Nothing of the refused version was kept: globex was not even created.
            assertThat(api.get("/api/v1/customers/globex", Tokens.user(tenant, "viewer")).status()).isEqualTo(404);
        }

        @Test
        void badFieldsAreNamed() {
            assertThat(field(api.put("/internal/v1/subscriptions/s", billing, version("acme", "team", "48.0.0", 1, JUNE))))
                    .isEqualTo("price.amount");
            assertThat(field(api.put("/internal/v1/subscriptions/s", billing, version("acme", "team", "-1.00", 1, JUNE))))
                    .isEqualTo("price.amount");
            assertThat(field(api.put("/internal/v1/subscriptions/s", billing, version("acme", "team", "1.00", -2, JUNE))))
                    .isEqualTo("quantity");
            assertThat(field(api.put("/internal/v1/subscriptions/s", billing,
                    version("acme", "team", "1.00", 1, JUNE).replace("\"active\"", "\"paused\"")))).isEqualTo("status");
            assertThat(field(api.put("/internal/v1/subscriptions/s", billing,
                    version("acme", "team", "1.00", 1, JUNE).replace("\"year\"", "\"fortnight\"")))).isEqualTo("interval");
            assertThat(field(api.put("/internal/v1/subscriptions/s", billing,
                    version("acme", "team", "1.00", 1, JUNE).replace(", \"effective_at\": \"" + JUNE + "\"", ""))))
                    .isEqualTo("effective_at");
            assertThat(field(api.put("/internal/v1/subscriptions/s", billing,
                    version("acme", "team", "1.00", 1, JUNE).replace("}", ", \"ended_at\": \"" + at(START.minusMonths(2), "00:00:00") + "\"}"))))
                    .isEqualTo("ended_at");
            // Nothing was stored by any of these.
            assertThat(api.get("/api/v1/customers/acme", Tokens.user(tenant, "viewer")).status()).isEqualTo(404);
        }

        @Test
        void needsTheBillingWriteScope() {
            String body = version("acme", "team", "1.00", 1, JUNE);
            assertThat(api.put("/internal/v1/subscriptions/s", Tokens.service(tenant, "events:write"), body).status()).isEqualTo(403);
            assertThat(api.put("/internal/v1/subscriptions/s", Tokens.user(tenant, "owner"), body).status()).isEqualTo(401);
            assertThat(api.put("/internal/v1/subscriptions/s", null, body).status()).isEqualTo(401);
        }
    }

    @Nested
    class Payments {

        @Test
        void aRefundArrivesAsAnUpdateAndAnOlderReportDoesNotRemoveIt() {
            Api.Reply created = api.post("/internal/v1/payments", billing, "application/json", payment("p-1", "1440.00", "succeeded", null));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.map()).containsEntry("recorded", "created");
            String refund = "[{\"amount\": {\"amount\": \"100.00\", \"currency\": \"USD\"}, \"refunded_at\": \"" + REFUNDED + "\"}]";
            Api.Reply updated = api.post("/internal/v1/payments", billing, "application/json", payment("p-1", "1440.00", "succeeded", refund));
            assertThat(updated.status()).isEqualTo(200);
            assertThat(updated.map()).containsEntry("recorded", "updated")
                    .containsEntry("refunded", Map.of("amount", "100.00", "currency", "USD"))
                    .containsEntry("net", Map.of("amount", "1340.00", "currency", "USD"));
            Api.Reply older = api.post("/internal/v1/payments", billing, "application/json", payment("p-1", "1440.00", "succeeded", null));
            assertThat(older.map()).containsEntry("recorded", "unchanged").containsEntry("net", Map.of("amount", "1340.00", "currency", "USD"));
            Api.Reply again = api.post("/internal/v1/payments", billing, "application/json", payment("p-1", "1440.00", "succeeded", refund));
            assertThat(again.map()).containsEntry("recorded", "unchanged");
            assertThat((List<?>) again.map().get("refunds")).hasSize(1);
        }

        @Test
        void aFailedPaymentThatLaterSucceedsStaysSucceeded() {
            api.post("/internal/v1/payments", billing, "application/json", payment("p-2", "50.00", "failed", null));
            assertThat(api.post("/internal/v1/payments", billing, "application/json", payment("p-2", "50.00", "succeeded", null)).map())
                    .containsEntry("status", "succeeded").containsEntry("recorded", "updated");
            assertThat(api.post("/internal/v1/payments", billing, "application/json", payment("p-2", "50.00", "failed", null)).map())
                    .containsEntry("status", "succeeded").containsEntry("recorded", "unchanged");
        }

        @Test
        void theFactsOfAPaymentCannotChange() {
            api.post("/internal/v1/payments", billing, "application/json", payment("p-3", "50.00", "succeeded", null));
            Api.Reply changed = api.post("/internal/v1/payments", billing, "application/json", payment("p-3", "55.00", "succeeded", null));
            assertThat(changed.status()).isEqualTo(409);
            assertThat((String) changed.map().get("detail")).contains("p-3").contains("50.00 USD");
        }

        @Test
        void impossibleRefundsAreRefused() {
            String tooMuch = "[{\"amount\": {\"amount\": \"60.00\", \"currency\": \"USD\"}, \"refunded_at\": \"" + REFUNDED + "\"}]";
            assertThat(field(api.post("/internal/v1/payments", billing, "application/json", payment("p-4", "50.00", "succeeded", tooMuch))))
                    .isEqualTo("refunds");
            String euros = "[{\"amount\": {\"amount\": \"10.00\", \"currency\": \"EUR\"}, \"refunded_at\": \"" + REFUNDED + "\"}]";
            assertThat(field(api.post("/internal/v1/payments", billing, "application/json", payment("p-4", "50.00", "succeeded", euros))))
                    .isEqualTo("refunds.amount.currency");
            String early = "[{\"amount\": {\"amount\": \"10.00\", \"currency\": \"USD\"}, \"refunded_at\": \"" + BEFORE_PAYMENT + "\"}]";
            assertThat(field(api.post("/internal/v1/payments", billing, "application/json", payment("p-4", "50.00", "succeeded", early))))
                    .isEqualTo("refunds.refunded_at");
            String some = "[{\"amount\": {\"amount\": \"10.00\", \"currency\": \"USD\"}, \"refunded_at\": \"" + REFUNDED + "\"}]";
            assertThat(field(api.post("/internal/v1/payments", billing, "application/json", payment("p-4", "50.00", "failed", some))))
                    .isEqualTo("refunds");
            assertThat(field(api.post("/internal/v1/payments", billing, "application/json", payment("p-4", "50.001", "succeeded", null))))
                    .isEqualTo("amount.amount");
            assertThat(field(api.post("/internal/v1/payments", billing, "application/json", payment("p-4", "0.00", "succeeded", null))))
                    .isEqualTo("amount.amount");
        }
    }

    @Nested
    class Access {

        @BeforeEach
        void facts() {
            api.put("/internal/v1/subscriptions/sub-1", billing, version("acme", "team-yearly", "480.00", 3, MARCH));
            api.put("/internal/v1/subscriptions/sub-2", billing, version("globex", "team-yearly", "240.00", 1, MARCH));
        }

        @Test
        void analystsAndAboveReadBillingFigures() {
            assertThat(api.get("/api/v1/billing/summary", Tokens.user(tenant, "viewer")).status()).isEqualTo(403);
            assertThat(api.get("/api/v1/billing/mrr", Tokens.user(tenant, "viewer")).status()).isEqualTo(403);
            assertThat(api.get("/api/v1/customers/acme/billing", Tokens.user(tenant, "viewer")).status()).isEqualTo(403);
            Api.Reply summary = api.get("/api/v1/billing/summary?days=365", Tokens.user(tenant, "analyst"));
            assertThat(summary.status()).isEqualTo(200);
            // 480 × 3 ÷ 12 + 240 ÷ 12 = 120 + 20
            assertThat(BillingIT.money(BillingIT.object(summary.map(), "mrr").get("end"))).containsExactly("140.00 USD");
            assertThat(api.get("/api/v1/billing/summary", Tokens.service(tenant, "billing:write")).status()).isEqualTo(401);
        }

        @Test
        void customerScopedTokensSeeOnlyTheirOwnCustomer() {
            String scoped = Tokens.customerUser(tenant, List.of("acme"), "analyst");
            assertThat(api.get("/api/v1/customers/acme/billing", scoped).status()).isEqualTo(200);
            assertThat(api.get("/api/v1/customers/globex/billing", scoped).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/billing/summary", scoped).status()).isEqualTo(403);
            assertThat(api.get("/api/v1/billing/mrr", scoped).status()).isEqualTo(403);
        }

        @Test
        void anotherTenantSeesNothing() {
            String stranger = Tokens.user(Tokens.freshTenant(), "owner");
            assertThat(api.get("/api/v1/customers/acme/billing", stranger).status()).isEqualTo(404);
            Api.Reply summary = api.get("/api/v1/billing/summary", stranger);
            assertThat(BillingIT.money(BillingIT.object(summary.map(), "mrr").get("end"))).isEmpty();
        }

        @Test
        void periodsAreValidated() {
            String analyst = Tokens.user(tenant, "analyst");
            // two days after today on the test clock: after today in any timezone
            LocalDate afterToday = TestClock.today(ZoneOffset.UTC).plusDays(2);
            assertThat(field(api.get("/api/v1/billing/summary?month=" + START.getYear() + "-13", analyst))).isEqualTo("month");
            assertThat(field(api.get("/api/v1/billing/summary?month=" + YearMonth.from(START) + "&days=30", analyst))).isEqualTo("month");
            assertThat(field(api.get("/api/v1/billing/summary?days=366", analyst))).isEqualTo("days");
            assertThat(field(api.get("/api/v1/billing/summary?from=" + afterToday + "&to=" + afterToday.plusDays(30), analyst))).isEqualTo("from");
            assertThat(field(api.get("/api/v1/billing/summary?from=" + START, analyst))).isEqualTo("to");
            assertThat(field(api.get("/api/v1/billing/mrr?months=37", analyst))).isEqualTo("months");
        }
    }

    /** The field a 400 problem names. */
    static String field(Api.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body()).doesNotContain("Exception");
        return (String) reply.errors().getFirst().get("field");
    }
}
