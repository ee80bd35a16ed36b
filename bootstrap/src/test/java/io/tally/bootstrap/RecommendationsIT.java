package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each recommendation rule through the real server, fired by a fixture and silent on a control beside it in the same
 * tenant: plan upgrade (90 of 100 calls in each of the last two months against 20), churn risk (100 calls in the 30 days
 * before and 20 in the last 30, with an active subscription, against 100 and 100), a failure spike (1 failed transcription
 * of 20 a day for 89 days, then 10 of 20 yesterday, against 1 of 20 every day), the best time to post (3 posts in one slot
 * against 2) and vendor concentration (700 of 1,000 EUR from one vendor against 500 of 1,000).
 */
@MicronautTest(transactional = false)
class RecommendationsIT extends ApiTestSupport {

    static final LocalDate TODAY = TestClock.today(ZoneOffset.UTC);
    private final List<Map<String, Object>> pending = new ArrayList<>();
    private int sequence;

    void customer(String id, String plan) {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("timezone", "UTC");
        if (plan != null) {
            profile.put("plan", plan);
        }
        Api.Reply reply = api.put("/internal/v1/customers/" + id, Tokens.service(tenant, "customers:write"), api.json(profile));
        assertThat(reply.status()).as(reply.body()).isIn(200, 201);
    }

    void event(String type, String customer, LocalDate day, int hour, Map<String, Object> data) {
        pending.add(Events.event("e-" + sequence++, "test", type, customer, day.atTime(hour, sequence % 60).toInstant(ZoneOffset.UTC).toString(), data));
        if (pending.size() == 500) {
            flush();
        }
    }

    void flush() {
        if (!pending.isEmpty()) {
            Api.Reply sent = api.postEvents(Tokens.service(tenant, "events:write"), new ArrayList<>(pending));
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
            pending.clear();
        }
    }

    void calls(String customer, LocalDate day, int count) {
        for (int i = 0; i < count; i++) {
            event("call", customer, day, 10, Map.of("outcome", "completed"));
        }
    }

    void subscription(String id, String customer) {
        Api.Reply reply = api.put("/internal/v1/subscriptions/" + id, Tokens.service(tenant, "billing:write"), "{\"customer\": \"" + customer
                + "\", \"plan\": \"team\", \"status\": \"active\", \"price\": {\"amount\": \"49.00\", \"currency\": \"EUR\"}, \"interval\": \"month\","
                + " \"interval_count\": 1, \"quantity\": 1, \"started_at\": \"" + TODAY.minusDays(200).atStartOfDay().toInstant(ZoneOffset.UTC)
                + "\", \"effective_at\": \"" + TODAY.minusDays(200).atStartOfDay().toInstant(ZoneOffset.UTC) + "\"}");
        assertThat(reply.status()).as(reply.body()).isIn(200, 201);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> recommendations(String customer) {
        Api.Reply reply = api.get("/api/v1/customers/" + customer + "/recommendations", Tokens.user(tenant, "viewer"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return (List<Map<String, Object>>) reply.map().get("items");
    }

    static List<Object> kinds(List<Map<String, Object>> items) {
        return items.stream().map(item -> item.get("kind")).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> evidence(Map<String, Object> item, String label) {
        return ((List<Map<String, Object>>) item.get("evidence")).stream().filter(one -> label.equals(one.get("label"))).findFirst().orElseThrow();
    }

    @Test
    void planUpgradeWhenALimitWasAbove80PercentInEachOfTheLastTwoPeriods() {
        Api.Reply plan = api.post("/api/v1/plans", Tokens.user(tenant, "manager"), "application/json", api.json(Map.of("key", "starter", "name", "Starter",
                "limits", List.of(Map.of("meter", "calls", "amount", 100, "period", "calendar_month", "enforcement", "soft")))));
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        customer("heavy", "starter");
        customer("light", "starter");
        for (int back = 1; back <= 2; back++) {
            // 3 calls a day on the 1st to the 30th (90), and 2 every third day from the 1st (20)
            LocalDate first = TODAY.minusMonths(back).withDayOfMonth(1);
            for (int d = 0; d < 30; d++) {
                calls("heavy", first.plusDays(d), 3);
                calls("light", first.plusDays(d), d % 3 == 0 ? 2 : 0);
            }
        }
        flush();

        List<Map<String, Object>> heavy = recommendations("heavy");
        assertThat(kinds(heavy)).containsExactly("plan_upgrade");
        Map<String, Object> upgrade = heavy.getFirst();
        assertThat(upgrade).containsEntry("severity", "medium").containsEntry("customer", "heavy");
        assertThat(upgrade.get("detail").toString()).contains("90 % and 90 %");
        assertThat(evidence(upgrade, "Limit")).containsEntry("metric", "calls").containsEntry("value", 100);
        assertThat(evidence(upgrade, "Share of the limit")).containsEntry("value", 90.0).containsEntry("unit", "percent")
                .containsEntry("over", TODAY.minusMonths(2).withDayOfMonth(1) + " to " + TODAY.minusMonths(1).withDayOfMonth(1).minusDays(1));
        assertThat(recommendations("light")).as("20 % of the limit").isEmpty();
    }

    @Test
    void churnRiskWhenUsageFellByMoreThan40PercentWhileTheSubscriptionIsActive() {
        customer("fading", null);
        customer("loyal", null);
        customer("gone", null);
        for (int d = 1; d <= 60; d++) {
            LocalDate day = TODAY.minusDays(d);
            boolean recent = d <= 30;
            // 100 calls over the 30 days before, then 20 over the last 30 (fading and gone); 100 and 100 (loyal)
            calls("fading", day, recent ? (d % 3 == 0 ? 2 : 0) : (d % 3 == 0 ? 10 : 0));
            calls("gone", day, recent ? (d % 3 == 0 ? 2 : 0) : (d % 3 == 0 ? 10 : 0));
            calls("loyal", day, d % 3 == 0 ? 10 : 0);
        }
        flush();
        subscription("sub-fading", "fading");
        subscription("sub-loyal", "loyal");

        List<Map<String, Object>> fading = recommendations("fading");
        assertThat(kinds(fading)).containsExactly("churn_risk");
        assertThat(fading.getFirst()).containsEntry("severity", "high");
        assertThat(fading.getFirst().get("detail").toString()).contains("Calls -80 %");
        assertThat(evidence(fading.getFirst(), "Calls, change")).containsEntry("metric", "calls").containsEntry("value", -80.0);
        assertThat(recommendations("loyal")).isEmpty();
        assertThat(recommendations("gone")).as("no active subscription: nothing to keep").isEmpty();
    }

    @Test
    void aFailureSpikeWhenYesterdaysFailedShareIsAnAnomalyAboveItsNormal() {
        customer("flaky", null);
        customer("solid", null);
        for (int d = 1; d <= 90; d++) {
            LocalDate day = TODAY.minusDays(d);
            for (int i = 0; i < 20; i++) {
                event("transcription", "flaky", day, 9, Map.of("status", i < (d == 1 ? 10 : 1) ? "failed" : "done", "minutes", 1));
                event("transcription", "solid", day, 9, Map.of("status", i < 1 ? "failed" : "done", "minutes", 1));
            }
        }
        flush();

        List<Map<String, Object>> flaky = recommendations("flaky");
        assertThat(kinds(flaky)).containsExactly("failure_spike");
        Map<String, Object> spike = flaky.getFirst();
        assertThat(spike).containsEntry("severity", "high");
        assertThat(evidence(spike, "Failure share")).containsEntry("value", 50.0).containsEntry("over", TODAY.minusDays(1).toString())
                .containsEntry("metric", "failed_transcriptions");
        // the least-squares line through 89 days at 5 % and a last one at 50 %: mean 5.5, slope 45 × 44.5 / (90 × (90² − 1) / 12) = 0.03297,
        // so it ends at 5.5 + 0.03297 × 44.5 = 6.967 (the median share stays 5)
        assertThat(evidence(spike, "Expected share")).containsEntry("value", 6.97);
        assertThat(evidence(spike, "Median share")).containsEntry("value", 5.0);
        assertThat(evidence(spike, "Jobs")).containsEntry("value", 20);
        assertThat(recommendations("solid")).isEmpty();

        // the tenant-wide list: the tenant's own spike (11 of 40 yesterday against 2 of 40), and the customers'
        Api.Reply all = api.get("/api/v1/recommendations", Tokens.user(tenant, "viewer"));
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(all.body()).contains("\"customer\":null", "\"customer\":\"flaky\"");
    }

    @Test
    void theBestTimeToPostIsTheTopSlotWithAtLeastThreeRatedPosts() {
        customer("creator", null);
        customer("newbie", null);
        LocalDate monday = TODAY.minusDays(10);
        for (int i = 0; i < 3; i++) {
            event("content.published", "creator", monday, 18, Map.of("content_id", "p" + i, "title", "Post " + i, "platform", "instagram",
                    "content_type", "video"));
            event("content.engagement", "creator", monday.plusDays(1), 12, Map.of("content_id", "p" + i, "platform", "instagram", "views", 100,
                    "likes", 10 + i, "shares", 0, "comments", 0, "clicks", 1));
        }
        for (int i = 0; i < 2; i++) {
            event("content.published", "newbie", monday, 18, Map.of("content_id", "n" + i, "title", "Post " + i, "platform", "instagram",
                    "content_type", "video"));
            event("content.engagement", "newbie", monday.plusDays(1), 12, Map.of("content_id", "n" + i, "platform", "instagram", "views", 100,
                    "likes", 30, "shares", 0, "comments", 0, "clicks", 1));
        }
        flush();

        List<Map<String, Object>> creator = recommendations("creator");
        assertThat(kinds(creator)).containsExactly("best_time_to_post");
        String slot = monday.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH) + " 18:00";
        assertThat(creator.getFirst()).containsEntry("severity", "low").containsEntry("title", "Post on " + slot);
        // the mean of 10, 11 and 12 % over 3 posts
        assertThat(evidence(creator.getFirst(), "Mean engagement rate")).containsEntry("value", 11.0).containsEntry("metric", "post_engagement_rate");
        assertThat(evidence(creator.getFirst(), "Posts")).containsEntry("value", 3).containsEntry("metric", "rated_posts");
        assertThat(recommendations("newbie")).as("2 posts are too few to tell").isEmpty();
    }

    @Test
    void vendorConcentrationWhenOneVendorMakesMoreThanHalfOfNetSales() {
        customer("market", null);
        customer("bazaar", null);
        LocalDate day = TODAY.minusDays(5);
        order("market", "m1", day, "acme", "700.00");
        order("market", "m2", day, "bolt", "200.00");
        order("market", "m3", day, "crux", "100.00");
        order("bazaar", "b1", day, "acme", "500.00");
        order("bazaar", "b2", day, "bolt", "500.00");
        flush();

        List<Map<String, Object>> market = recommendations("market");
        assertThat(kinds(market)).containsExactly("vendor_concentration");
        assertThat(market.getFirst().get("title").toString()).isEqualTo("Vendor concentration: acme makes 70 % of net sales");
        assertThat(evidence(market.getFirst(), "Vendor's share")).containsEntry("value", 70.0).containsEntry("metric", "net_sales");
        assertThat(evidence(market.getFirst(), "Net sales")).containsEntry("value", 1000.0).containsEntry("unit", "EUR");
        assertThat(recommendations("bazaar")).as("exactly half").isEmpty();

        // customer-scoped tokens: their own customers only
        String scoped = Tokens.customerUser(tenant, List.of("market"), "viewer");
        assertThat(api.get("/api/v1/customers/market/recommendations", scoped).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/customers/bazaar/recommendations", scoped).status()).isEqualTo(404);
        Api.Reply own = api.get("/api/v1/recommendations", scoped);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body()).contains("\"customer\":\"market\"").doesNotContain("bazaar").doesNotContain("\"customer\":null");
        assertThat(api.get("/api/v1/recommendations?limit=0", Tokens.user(tenant, "viewer")).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/customers/nobody/recommendations", Tokens.user(tenant, "viewer")).status()).isEqualTo(404);
    }

    void order(String customer, String id, LocalDate day, String vendor, String amount) {
        event("order.placed", customer, day, 11, Map.of("order_id", id, "buyer", "buyer-" + id, "vendor", vendor, "product", "p", "category", "c",
                "amount", new BigDecimal(amount), "currency", "EUR", "items", 1));
    }
}
