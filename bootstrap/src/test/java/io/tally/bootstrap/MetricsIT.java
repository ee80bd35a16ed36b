package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The figure catalogue: a tenant's own metrics over its own meters, computed per day and per group from hand-built
 * content events; formulas that name unknown metrics or make cycles, metrics and meters still in use, built-ins that
 * cannot change, and who may do what.
 *
 * <pre>
 * content.engagement events (UTC), D = three days ago on the test clock:
 *   day    customer platform views likes shares comments
 *   D      alpha    x        10    2     1      0
 *   D      alpha    y        0     1     -      -
 *   D+1    alpha    x        -     3     -      -        (no views at all that day)
 *   D+2    alpha    x        4     1     -      1
 *   D+2    beta     y        8     -     0      -
 * engagement = likes + shares + comments; engagement_rate = engagement ÷ views × 100, 2 decimals.
 * </pre>
 */
@MicronautTest(transactional = false)
class MetricsIT extends ApiTestSupport {

    static final String JSON = "application/json";
    static final LocalDate D = TestClock.today(ZoneOffset.UTC).minusDays(3);

    String manager;
    String viewer;
    int sequence;

    @BeforeEach
    void catalogue() {
        manager = Tokens.user(tenant, "manager");
        viewer = Tokens.user(tenant, "viewer");
        for (String measure : List.of("views", "likes", "shares", "comments")) {
            created(api.post("/api/v1/meters", manager, JSON, "{\"key\": \"fixture_" + measure + "\", \"name\": \"Content " + measure
                    + "\", \"event_type\": \"content.engagement\", \"aggregation\": \"sum\", \"measure\": \"" + measure + "\"}"));
            created(api.post("/api/v1/metrics", manager, JSON, "{\"key\": \"" + measure + "\", \"unit\": \"count\", "
                    + "\"polarity\": \"higher_is_better\", \"decimals\": 0, \"formula\": {\"meter\": \"fixture_" + measure + "\"}}"));
        }
        created(api.post("/api/v1/metrics", manager, JSON, "{\"key\": \"engagement\", \"name\": \"Engagement\", \"unit\": \"count\", "
                + "\"polarity\": \"higher_is_better\", \"formula\": {\"sum\": [\"likes\", \"shares\", \"comments\"]}}"));
        created(api.post("/api/v1/metrics", manager, JSON, "{\"key\": \"engagement_rate\", \"name\": \"Engagement rate\", \"unit\": \"percent\", "
                + "\"polarity\": \"higher_is_better\", \"decimals\": 2, "
                + "\"formula\": {\"ratio\": {\"numerator\": \"engagement\", \"denominator\": \"views\", \"scale\": 100}}}"));
        engagement(D, "alpha", "x", Map.of("views", 10, "likes", 2, "shares", 1, "comments", 0));
        engagement(D, "alpha", "y", Map.of("views", 0, "likes", 1));
        engagement(D.plusDays(1), "alpha", "x", Map.of("likes", 3));
        engagement(D.plusDays(2), "alpha", "x", Map.of("views", 4, "likes", 1, "comments", 1));
        engagement(D.plusDays(2), "beta", "y", Map.of("views", 8, "shares", 0));
    }

    static Map<String, Object> created(Api.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.map();
    }

    void engagement(LocalDate day, String customer, String platform, Map<String, Object> counts) {
        Map<String, Object> data = new LinkedHashMap<>(counts);
        data.put("platform", platform);
        data.put("content_id", "post-" + sequence);
        Api.Reply reply = api.postEvents(Tokens.service(tenant, "events:write"), Events.event("c-" + sequence++, "content", "content.engagement",
                customer, day.atTime(10, 0).toInstant(ZoneOffset.UTC).toString(), data));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    Map<String, Object> query(String token, String body) {
        Api.Reply reply = api.post("/api/v1/analytics/query", token, JSON, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.map();
    }

    String period() {
        return "\"from\": \"" + D + "\", \"to\": \"" + D.plusDays(2) + "\", \"tz\": \"UTC\"";
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> series(Map<String, Object> answer) {
        return (List<Map<String, Object>>) answer.get("series");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> groups(Map<String, Object> series) {
        return (List<Map<String, Object>>) series.get("groups");
    }

    /** A series' groups as key → total value, in the answer's order. */
    @SuppressWarnings("unchecked")
    static Map<Object, Object> totals(Map<String, Object> answer, int series) {
        Map<Object, Object> totals = new LinkedHashMap<>();
        for (Map<String, Object> group : groups(series(answer).get(series))) {
            totals.put(group.get("key"), ((Map<String, Object>) group.get("total")).get("value"));
        }
        return totals;
    }

    static List<Object> values(Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }

    @Nested
    class EngagementRate {

        @Test
        void perDayWithNoValueOnADayWithoutViews() {
            Map<String, Object> answer = query(viewer, "{\"metric\": \"engagement_rate\", " + period() + "}");
            Map<String, Object> rate = series(answer).getFirst();

            assertThat(rate).containsEntry("metric", "engagement_rate").containsEntry("unit", "percent")
                    .containsEntry("polarity", "higher_is_better").containsEntry("decimals", 2).containsEntry("dimensions", List.of());
            // D: (2 + 1 + 0 + 1) ÷ (10 + 0) = 40.00; D+1: 3 ÷ 0 has no value; D+2: (1 + 0 + 1 + 0) ÷ (4 + 8) = 16.666… → 16.67
            assertThat(groups(rate).getFirst().get("values")).isEqualTo(values(40.00, null, 16.67));
            // the period: 9 ÷ 22 = 40.909… → 40.91, from the period's own sums, not from the days' rates
            assertThat(rate.get("totals")).isEqualTo(mapOf("value", 40.91, "previous", null, "growth_pct", null));
        }

        @Test
        void perPlatform() {
            Map<String, Object> answer = query(viewer, "{\"metric\": \"engagement_rate\", \"group_by\": [\"platform\"], " + period() + "}");
            List<Map<String, Object>> platforms = groups(series(answer).getFirst());

            // x: 3 ÷ 10 = 30.00, 3 ÷ 0 none, 2 ÷ 4 = 50.00; in all 8 ÷ 14 = 57.142… → 57.14
            // y: 1 ÷ 0 none, nothing at all (0 ÷ 0) none, 0 ÷ 8 = 0.00; in all 1 ÷ 8 = 12.50. Ordered by total, highest first.
            assertThat(platforms).hasSize(2);
            assertThat(platforms.get(0)).containsEntry("key", Map.of("platform", "x")).containsEntry("values", values(30.00, null, 50.00));
            assertThat(((Map<?, ?>) platforms.get(0).get("total")).get("value")).isEqualTo(57.14);
            assertThat(platforms.get(1)).containsEntry("key", Map.of("platform", "y")).containsEntry("values", values(null, null, 0.00));
            assertThat(((Map<?, ?>) platforms.get(1).get("total")).get("value")).isEqualTo(12.50);
            // the platforms together: the ungrouped rate
            assertThat(series(answer).getFirst().get("totals")).isEqualTo(mapOf("value", 40.91, "previous", null, "growth_pct", null));
        }

        @Test
        void severalMetricsOverTheSameBucketsEachWithItsUnit() {
            Map<String, Object> answer = query(viewer, "{\"metrics\": [\"engagement\", \"views\", \"engagement_rate\"], \"customer\": \"alpha\", "
                    + period() + ", \"compare\": \"previous\"}");

            assertThat(answer).containsEntry("customer", "alpha").containsEntry("bucket", "day");
            assertThat(series(answer)).extracting(s -> s.get("metric")).containsExactly("engagement", "views", "engagement_rate");
            // alpha: engagement 4, 3, 2; views 10, 0, 4; the three days before hold nothing
            assertThat(groups(series(answer).get(0)).getFirst().get("values")).isEqualTo(values(4, 3, 2));
            assertThat(series(answer).get(0).get("totals")).isEqualTo(mapOf("value", 9, "previous", 0, "growth_pct", null));
            assertThat(groups(series(answer).get(1)).getFirst().get("values")).isEqualTo(values(10, 0, 4));
            assertThat(series(answer).get(1)).containsEntry("unit", "count").containsEntry("decimals", 0);
            // 4 ÷ 10 = 40.00, none, 2 ÷ 4 = 50.00; the period 9 ÷ 14 = 64.285… → 64.29
            assertThat(groups(series(answer).get(2)).getFirst().get("values")).isEqualTo(values(40.00, null, 50.00));
            assertThat(series(answer).get(2).get("totals")).isEqualTo(mapOf("value", 64.29, "previous", null, "growth_pct", null));
        }

        @Test
        void aRelativePeriodIsEvaluatedInTheQuerysTimezone() {
            Map<String, Object> answer = query(viewer, "{\"metric\": \"engagement\", \"period\": \"last_7_days\", \"tz\": \"UTC\"}");
            LocalDate today = TestClock.today(ZoneOffset.UTC);

            assertThat(answer.get("period")).isEqualTo(Map.of("from", today.minusDays(6).toString(), "to", today.toString(), "timezone", "UTC"));
            // today − 6 … today: nothing, nothing, nothing, D: 3 + 1 = 4, D+1: 3, D+2: 2 + 0 = 2, today: nothing
            assertThat(groups(series(answer).getFirst()).getFirst().get("values")).isEqualTo(values(0, 0, 0, 4, 3, 2, 0));
        }
    }

    static Map<String, Object> mapOf(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Nested
    class Definitions {

        @Test
        void aCycleIsRefusedNamingTheField() {
            // likes = engagement + shares would make likes → engagement → likes
            Api.Reply reply = api.put("/api/v1/metrics/likes", manager, "{\"formula\": {\"sum\": [\"engagement\", \"shares\"]}}");

            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.errors()).containsExactly(Map.of("field", "formula.sum[0]", "message", "makes a cycle: likes → engagement → likes"));
            assertThat(api.get("/api/v1/metrics/likes", viewer).map().get("formula")).isEqualTo(Map.of("meter", "fixture_likes"));
        }

        @Test
        void anUnknownMetricOrMeterIsRefusedNamingTheField() {
            Api.Reply ratio = api.post("/api/v1/metrics", manager, JSON,
                    "{\"key\": \"per_click\", \"formula\": {\"ratio\": {\"numerator\": \"views\", \"denominator\": \"clicks\"}}}");
            assertThat(ratio.status()).as(ratio.body()).isEqualTo(400);
            assertThat(ratio.errors()).containsExactly(Map.of("field", "formula.ratio.denominator",
                    "message", "'clicks' is not a metric; GET /api/v1/metrics lists them"));

            Api.Reply meter = api.post("/api/v1/metrics", manager, JSON, "{\"key\": \"clicks\", \"formula\": {\"meter\": \"fixture_clicks\"}}");
            assertThat(meter.status()).as(meter.body()).isEqualTo(400);
            assertThat(meter.errors()).extracting(e -> e.get("field")).containsExactly("formula.meter");

            Api.Reply two = api.post("/api/v1/metrics", manager, JSON, "{\"key\": \"odd\", \"formula\": {\"meter\": \"fixture_views\", "
                    + "\"sum\": [\"views\", \"likes\"]}}");
            assertThat(two.status()).as(two.body()).isEqualTo(400);
            assertThat(two.errors()).extracting(e -> e.get("field")).containsExactly("formula");
        }

        @Test
        void aMetricOrAMeterInUseCannotBeDeleted() {
            Api.Reply metric = api.delete("/api/v1/metrics/views", manager);
            assertThat(metric.status()).as(metric.body()).isEqualTo(409);
            assertThat(metric.map().get("detail")).isEqualTo("metric 'views' is used by the metrics engagement_rate; change or delete those first");
            assertThat(api.get("/api/v1/metrics/views", viewer).map()).containsEntry("used_by", List.of("engagement_rate"));

            Api.Reply meter = api.delete("/api/v1/meters/fixture_views", manager);
            assertThat(meter.status()).as(meter.body()).isEqualTo(409);
            assertThat(meter.map().get("detail").toString()).contains("used by the metrics views");

            // once nothing uses it, it goes
            assertThat(api.delete("/api/v1/metrics/engagement_rate", manager).status()).isEqualTo(204);
            assertThat(api.delete("/api/v1/metrics/views", manager).status()).isEqualTo(204);
            assertThat(api.delete("/api/v1/meters/fixture_views", manager).status()).isEqualTo(204);
        }

        @Test
        void builtInMetricsAreReadOnly() {
            assertThat(api.put("/api/v1/metrics/success_rate", manager, "{\"formula\": {\"meter\": \"calls\"}}").status()).isEqualTo(409);
            assertThat(api.delete("/api/v1/metrics/success_rate", manager).status()).isEqualTo(409);
            assertThat(api.post("/api/v1/metrics", manager, JSON, "{\"key\": \"mrr\", \"formula\": {\"meter\": \"calls\"}}").status())
                    .isEqualTo(409);
            Map<String, Object> builtIn = api.get("/api/v1/metrics/success_rate", viewer).map();
            assertThat(builtIn).containsEntry("built_in", true).containsEntry("unit", "percent").containsEntry("polarity", "higher_is_better")
                    .containsEntry("formula", Map.of("ratio", Map.of("numerator", "completed_calls", "denominator", "calls", "scale", 100)));
        }

        @Test
        void leftOutPartsGetDefaultsFromTheFormula() {
            Map<String, Object> netAdds = created(api.post("/api/v1/metrics", manager, JSON,
                    "{\"key\": \"net_adds\", \"formula\": {\"difference\": [\"new_signups\", \"churned_customers\"]}}"));
            Map<String, Object> perCustomer = created(api.post("/api/v1/metrics", manager, JSON,
                    "{\"key\": \"api_calls_per_customer\", \"formula\": {\"per_customer\": \"api_calls_made\"}}"));

            assertThat(netAdds).containsEntry("name", "Net adds").containsEntry("unit", "count").containsEntry("polarity", "higher_is_better")
                    .containsEntry("decimals", null).containsEntry("built_in", false);
            assertThat(perCustomer).containsEntry("name", "Api calls per customer").containsEntry("unit", "number");
        }

        @Test
        void viewersReadTheCatalogueManagersChangeIt() throws SQLException {
            Api.Reply list = api.get("/api/v1/metrics?limit=200", viewer);
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.items()).extracting(m -> m.get("key")).contains("api_calls_made", "success_rate", "customer_churn_rate", "arpu",
                    "engagement_rate").doesNotHaveDuplicates();
            assertThat(api.post("/api/v1/metrics", viewer, JSON, "{\"key\": \"x\", \"formula\": {\"meter\": \"calls\"}}").status()).isEqualTo(403);

            Api.Reply first = api.get("/api/v1/metrics?limit=5", viewer);
            Api.Reply second = api.get("/api/v1/metrics?limit=5&cursor=" + first.map().get("next_cursor"), viewer);
            assertThat(first.items()).hasSize(5);
            assertThat(second.items().getFirst().get("key")).isNotEqualTo(first.items().getLast().get("key"));

            assertThat(TestDb.auditEntries(tenant)).filteredOn(entry -> entry.get("target").toString().equals("metric:engagement_rate"))
                    .extracting(entry -> entry.get("action")).containsExactly("metric.defined");
        }
    }

    @Nested
    class PerCustomerAndBilling {

        @Test
        void aValuePerActiveCustomerDividesByTheCustomersWithEvents() {
            created(api.post("/api/v1/metrics", manager, JSON, "{\"key\": \"views_per_customer\", \"formula\": {\"per_customer\": \"views\"}}"));

            Map<String, Object> answer = query(viewer, "{\"metric\": \"views_per_customer\", " + period() + "}");

            // D: 10 views, alpha active: 10.00; D+1: 0 views, alpha active: 0.00; D+2: 12 views, alpha and beta: 6.00
            assertThat(groups(series(answer).getFirst()).getFirst().get("values")).isEqualTo(values(10.00, 0.00, 6.00));
        }

        @Test
        void billingMetricsNeedTheAnalystRole() {
            Api.Reply viewerAsks = api.post("/api/v1/analytics/query", viewer, JSON, "{\"metric\": \"mrr\", \"days\": 30}");
            assertThat(viewerAsks.status()).as(viewerAsks.body()).isEqualTo(403);

            Api.Reply analystAsks = api.post("/api/v1/analytics/query", Tokens.user(tenant, "analyst"), JSON,
                    "{\"metric\": \"new_signups\", \"days\": 30, \"bucket\": \"week\"}");
            assertThat(analystAsks.status()).as(analystAsks.body()).isEqualTo(200);
        }
    }
}
