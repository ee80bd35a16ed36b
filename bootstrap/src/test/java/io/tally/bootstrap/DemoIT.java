package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code tally demo} against the running server, on the test clock, twice: everything it sends is taken, and its own
 * metrics, shared saved queries and dashboards are there once, answering with real data.
 */
@MicronautTest(transactional = false)
@Property(name = "tally.jobs.enabled", value = "true")
@Property(name = "tally.webhook.allow-private", value = "true")
class DemoIT extends ApiTestSupport {

    int demo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DemoCommand.run(List.of("--url", server.getURI().toString(), "--tenant", tenant, "--wait", "PT10S"),
                Map.of("TALLY_JWT_SECRET", Tokens.SECRET), TestClock.utc(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("4 metrics, 2 saved queries, 2 dashboards, 1 report template of its own, 2 schedules, each run once now, and 3 alert rules");
        return code;
    }

    @Test
    void theDemoTenantHasItsOwnMetricsAndSavedQueriesWithData() {
        demo();
        demo();
        String analyst = Tokens.user(tenant, "analyst");

        Map<String, Object> rate = api.get("/api/v1/metrics/failed_transcription_rate", analyst).map();
        assertThat(rate).containsEntry("unit", "percent").containsEntry("polarity", "lower_is_better").containsEntry("built_in", false);
        List<Map<String, Object>> queries = api.get("/api/v1/queries", analyst).items();
        assertThat(queries).extracting(q -> q.get("name")).containsExactlyInAnyOrder("Calls of a customer", "MRR by plan");
        assertThat(queries).allSatisfy(q -> assertThat(q).containsEntry("version", 2).containsEntry("visibility", "tenant"));

        Map<String, Object> callsQuery = queries.stream().filter(q -> q.get("name").equals("Calls of a customer")).findFirst().orElseThrow();
        Api.Reply run = api.post("/api/v1/queries/" + callsQuery.get("id") + "/run", analyst, "application/json",
                "{\"params\": {\"customer\": \"acme\", \"period\": \"last_7_days\"}}");
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> series = (List<Map<String, Object>>) run.map().get("series");
        assertThat(series).extracting(s -> s.get("metric")).containsExactly("calls", "success_rate", "cost_per_call");
        @SuppressWarnings("unchecked")
        Map<String, Object> total = (Map<String, Object>) series.getFirst().get("totals");
        assertThat(((Number) total.get("value")).intValue()).as("acme called in the last 7 days").isPositive();

        Map<String, Object> mrrQuery = queries.stream().filter(q -> q.get("name").equals("MRR by plan")).findFirst().orElseThrow();
        Api.Reply mrr = api.post("/api/v1/queries/" + mrrQuery.get("id") + "/run", analyst, "application/json", "{}");
        assertThat(mrr.status()).as(mrr.body()).isEqualTo(200);
        assertThat(mrr.body()).contains("\"dimensions\":[\"plan\",\"currency\"]");

        List<Map<String, Object>> dashboards = api.get("/api/v1/dashboards?visibility=tenant", analyst).items();
        assertThat(dashboards).extracting(d -> d.get("name"))
                .containsExactly("Overview", "Performance", "Growth", "Customer usage", "Tenant overview");
        for (Map<String, Object> dashboard : dashboards) {
            if (dashboard.get("default_key") == null) {
                assertThat(dashboard).containsEntry("version", 2);
                Api.Reply data = api.get("/api/v1/dashboards/" + dashboard.get("id") + "/data", analyst);
                assertThat(data.status()).as(data.body()).isEqualTo(200);
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> widgets = (List<Map<String, Object>>) data.map().get("widgets");
                assertThat(widgets).as(dashboard.get("name") + " answers every widget").allSatisfy(w -> assertThat(w).doesNotContainKey("problem"));
                assertThat(widgets).extracting(w -> w.get("type")).as("a widget of every type")
                        .contains("metric_card", "gauge", "line", "bar", "pie", "table");
            }
        }
        Map<String, Object> usage = dashboards.stream().filter(d -> d.get("name").equals("Customer usage")).findFirst().orElseThrow();
        Api.Reply acme = api.get("/api/v1/dashboards/" + usage.get("id") + "/data", analyst);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> acmeWidgets = (List<Map<String, Object>>) acme.map().get("widgets");
        Map<String, Object> calls = acmeWidgets.stream().filter(w -> w.get("id").equals("calls")).findFirst().orElseThrow();
        assertThat(((Number) calls.get("value")).intValue()).as("acme, the default customer, called").isPositive();
        assertThat(acme.map().get("filters")).isEqualTo(Map.of("customer", "acme", "period", "last_30_days"));
    }

    /** The content creator and the marketplace have data for their templates, and the tenant's own template renders. */
    @Test
    void theContentCreatorTheMarketplaceAndTheTenantsOwnTemplateHaveData() {
        demo();
        String analyst = Tokens.user(tenant, "analyst");

        Api.Reply content = api.get("/api/v1/reports/content-performance?customer=lumen-studio&format=json&period=last_30_days", analyst);
        assertThat(content.status()).as(content.body()).isEqualTo(200);
        assertThat(((Number) ReportJson.figure(content.map(), "Posts published").get("value")).intValue()).isPositive();
        assertThat(ReportJson.rows(content.map(), "Platforms")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(ReportJson.rows(content.map(), "Top content")).hasSize(10);
        assertThat(ReportJson.rows(content.map(), "Best time to post")).as("slots with 3 posts or more").isNotEmpty();

        Api.Reply sales = api.get("/api/v1/reports/sales-overview?customer=maker-market&format=json&period=last_30_days", analyst);
        assertThat(sales.status()).as(sales.body()).isEqualTo(200);
        assertThat(ReportJson.figureLabels(sales.map())).contains("Net sales (EUR)", "Net sales (GBP)", "Returning buyers");
        assertThat(ReportJson.rows(sales.map(), "By vendor")).hasSizeGreaterThanOrEqualTo(6);
        assertThat(((Number) ReportJson.figure(sales.map(), "Returning buyers").get("value")).intValue()).as("buyers come back").isPositive();

        Api.Reply review = api.get("/api/v1/reports/agent-review?customer=acme&format=json&period=last_30_days", analyst);
        assertThat(review.status()).as(review.body()).isEqualTo(200);
        assertThat(review.map()).containsEntry("title", "Agent review of Acme Analytics GmbH");
        assertThat(ReportJson.rows(review.map(), "Agents")).hasSize(3);
        // the template's forecast chart: each series of the saved query (Acme's calls per day, …), then the forecast with its bands
        List<Map<String, Object>> forecasts = ReportJson.of(review.map(), "Day by day", "forecast");
        assertThat(forecasts).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        assertThat((List<?>) forecasts.getFirst().get("forecast")).isNotEmpty();
        assertThat(forecasts.getFirst().get("note").toString()).contains("Forecast by ");
    }

    @Test
    void theDemoSchedulesKeepAWeeklyPdfAndShowAFailingWebhook() throws InterruptedException {
        demo();
        String manager = Tokens.user(tenant, "manager");
        List<Map<String, Object>> schedules = api.get("/api/v1/schedules", manager).items();
        assertThat(schedules).extracting(s -> s.get("name")).containsExactlyInAnyOrder("Weekly usage PDF for Acme", "Daily overview to a webhook");
        Map<String, Object> weekly = schedules.stream().filter(s -> s.get("name").equals("Weekly usage PDF for Acme")).findFirst().orElseThrow();
        Map<String, Object> daily = schedules.stream().filter(s -> s.get("name").equals("Daily overview to a webhook")).findFirst().orElseThrow();
        assertThat((String) daily.get("report")).startsWith("dashboard:");

        Map<String, Object> weeklyRun = null;
        Map<String, Object> dailyRun = null;
        for (int i = 0; i < 150 && (weeklyRun == null || !"succeeded".equals(weeklyRun.get("status")) || dailyRun == null
                || ((List<?>) dailyRun.get("deliveries")).size() < 2
                || ((List<?>) ((Map<?, ?>) ((List<?>) dailyRun.get("deliveries")).getFirst()).get("attempts")).isEmpty()); i++) {
            Thread.sleep(200);
            weeklyRun = api.get("/api/v1/schedules/" + weekly.get("id") + "/runs", manager).items().stream().findFirst().orElse(null);
            dailyRun = api.get("/api/v1/schedules/" + daily.get("id") + "/runs", manager).items().stream().findFirst().orElse(null);
        }
        assertThat(weeklyRun).isNotNull().containsEntry("status", "succeeded");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files = (List<Map<String, Object>>) weeklyRun.get("files");
        assertThat(files).singleElement().satisfies(file -> assertThat(file).containsEntry("format", "pdf"));
        Api.Binary pdf = api.download((String) files.getFirst().get("url"), manager);
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.header("Content-Type")).isEqualTo("application/pdf");

        assertThat(dailyRun).isNotNull().containsEntry("status", "delivering");
        @SuppressWarnings("unchecked")
        Map<String, Object> webhook = ((List<Map<String, Object>>) dailyRun.get("deliveries")).getFirst();
        assertThat(webhook).containsEntry("status", "pending");
        assertThat(webhook.get("next_attempt_at")).isNotNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> attempt = ((List<Map<String, Object>>) webhook.get("attempts")).getFirst();
        assertThat(attempt).containsEntry("outcome", "failed");
        assertThat((String) attempt.get("error")).startsWith("could not connect to localhost:9");

        // its billing facts came with a managed service token, whose use the list shows; the status page has the data
        String owner = Tokens.user(tenant, "owner");
        Map<String, Object> token = null;
        for (int i = 0; i < 60 && (token == null || token.get("last_used_at") == null); i++) {
            token = api.get("/api/v1/admin/service-tokens", owner).items().stream().filter(t -> "billing-sync".equals(t.get("name")))
                    .findFirst().orElse(null);
            Thread.sleep(200);
        }
        assertThat(token).isNotNull().containsEntry("scope", "billing:write").containsEntry("status", "active");
        assertThat(token.get("last_used_at")).isNotNull();
        Map<String, Object> status = api.get("/api/v1/status", owner).map();
        assertThat(((Number) ((Map<?, ?>) status.get("events")).get("stored")).longValue()).isGreaterThan(1_000);
        assertThat(((Map<?, ?>) status.get("events")).get("last_received_at")).isNotNull();
        assertThat(((Map<?, ?>) status.get("privacy_requests")).get("overdue")).isEqualTo(0);
    }

    @Test
    void theDemoAlertsFiredAndResolvedOverItsTranscriptionOutage() {
        demo();
        demo();
        String analyst = Tokens.user(tenant, "analyst");
        List<Map<String, Object>> rules = api.get("/api/v1/alerts", analyst).items();
        assertThat(rules).extracting(rule -> rule.get("name")).containsExactlyInAnyOrder("Failed transcriptions", "Failed transcription rate",
                "Revenue drop (EUR)");
        Map<String, Object> count = rules.stream().filter(rule -> rule.get("name").equals("Failed transcriptions")).findFirst().orElseThrow();
        Map<String, Object> rate = rules.stream().filter(rule -> rule.get("name").equals("Failed transcription rate")).findFirst().orElseThrow();
        assertThat(AlertIT.states(count)).containsEntry(DemoAlerts.OUTAGE_CUSTOMER, "firing");
        assertThat(AlertIT.states(rate)).containsEntry(DemoAlerts.OUTAGE_CUSTOMER, "ok");

        List<Map<String, Object>> history = api.get("/api/v1/alerts/" + rate.get("id") + "/history?limit=200", analyst).items().stream()
                .filter(event -> DemoAlerts.OUTAGE_CUSTOMER.equals(event.get("subject"))).toList().reversed();
        assertThat(history).extracting(event -> event.get("from") + "->" + event.get("state")).containsExactly("ok->firing", "firing->ok");
        assertThat(new java.math.BigDecimal((String) history.get(0).get("value"))).isGreaterThan(new java.math.BigDecimal("30"));
        assertThat(new java.math.BigDecimal((String) history.get(1).get("value"))).isLessThan(new java.math.BigDecimal("20"));
        List<Map<String, Object>> notified = api.get("/api/v1/alert-events?rule=" + rate.get("id"), analyst).items();
        assertThat(notified).extracting(event -> event.get("resolved")).contains(true, false);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> limits = (List<Map<String, Object>>) api.get("/api/v1/plans/basic", Tokens.user(tenant, "manager")).map().get("limits");
        assertThat(limits).allSatisfy(limit -> assertThat(limit.get("alert_at_pct")).isEqualTo(List.of(80, 100)));
    }

    @Test
    void theDemoCustomersConsentedToAnalyticsAndOneWithdrewFromMarketing() {
        demo();
        demo();
        String viewer = Tokens.user(tenant, "viewer");
        Map<String, Object> cafe = api.get("/api/v1/customers/sao-paulo-cafe/consents", viewer).map();
        assertThat((List<?>) cafe.get("history")).as("a second run adds nothing").hasSize(3);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> current = (Map<String, Map<String, Object>>) cafe.get("current");
        assertThat(current.get("analytics")).containsEntry("given", true);
        assertThat(current.get("marketing")).containsEntry("given", false);
        assertThat((List<?>) api.get("/api/v1/customers/acme/consents", viewer).map().get("history")).hasSize(2);
    }

    @Test
    void theDemoHasOneCustomerChangeThatASecondRunLeavesAsItIs() {
        demo();
        demo();
        String admin = Tokens.user(tenant, "admin");
        List<Map<String, Object>> changes = api.get("/api/v1/admin/customer-changes", admin).items();
        assertThat(changes).as("a second run adds nothing").hasSize(1);
        assertThat((String) changes.getFirst().get("reason")).contains("annual promotion");
        assertThat(changes.getFirst().get("counts")).isEqualTo(Map.of("changed", 1, "not_found", 0, "skipped", 1));
        String viewer = Tokens.user(tenant, "viewer");
        assertThat(api.get("/api/v1/customers/" + DemoChanges.PROMOTED, viewer).map()).containsEntry("plan", "pro");
        assertThat(api.get("/api/v1/customers/" + DemoChanges.ALREADY_PRO, viewer).map()).containsEntry("plan", "pro");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDemoHasItsPrivacyRequestsCarriedOutByTheJobRunner() throws InterruptedException {
        demo();
        demo();
        String admin = Tokens.user(tenant, "admin");
        List<Map<String, Object>> requests = List.of();
        for (int i = 0; i < 200; i++) {
            requests = api.get("/api/v1/privacy/requests", admin).items();
            if (requests.size() == 4 && requests.stream().allMatch(request -> request.get("status").equals("completed"))) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(requests).as("a second run adds nothing").hasSize(4).allSatisfy(request -> assertThat(request).containsEntry("status", "completed"));
        assertThat(requests).extracting(request -> request.get("type")).containsExactlyInAnyOrder("rectification", "objection", "erasure", "access");
        Map<String, Object> erasure = requests.stream().filter(request -> request.get("type").equals("erasure")).findFirst().orElseThrow();
        assertThat((String) erasure.get("customer")).startsWith("erased-");
        assertThat((Map<String, Object>) ((Map<String, Object>) erasure.get("receipt")).get("deleted")).containsEntry("usage_event", 12);
        Map<String, Object> access = requests.stream().filter(request -> request.get("type").equals("access")).findFirst().orElseThrow();
        assertThat((Map<String, Object>) access.get("file")).containsEntry("available", true);
        assertThat(api.download((String) ((Map<String, Object>) access.get("file")).get("download"), admin).status()).isEqualTo(200);
        Map<String, Object> lena = api.get("/api/v1/customers/" + DemoPrivacy.RECTIFIED, Tokens.user(tenant, "viewer")).map();
        assertThat(lena).containsEntry("display_name", "Lena Fischer");
        assertThat(lena.get("processing_restricted_since")).isNotNull();
        assertThat(api.get("/api/v1/customers/" + DemoPrivacy.ERASED, Tokens.user(tenant, "viewer")).status()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDemoDataHasInsightsForACustomerAndForTheTenant() {
        demo();
        String viewer = Tokens.user(tenant, "viewer");
        for (String question : List.of("metric=calls&customer=acme", "metric=sessions", "metric=transcription_minutes&bucket=week&horizon=4")) {
            Api.Reply reply = api.get("/api/v1/insights?" + question + "&days=90", viewer);
            assertThat(reply.status()).as(question + ": " + reply.body()).isEqualTo(200);
            Map<String, Object> insights = reply.map();
            List<Map<String, Object>> series = (List<Map<String, Object>>) insights.get("series");
            assertThat(series).as(question).hasSize(question.contains("bucket=week") ? 12 : 90);
            assertThat(series).as(question + ": the demo has data").anySatisfy(point -> assertThat(((Number) point.get("value")).doubleValue()).isPositive());
            assertThat((Map<String, Object>) insights.get("trend")).containsKey("direction");
            Map<String, Object> forecast = (Map<String, Object>) insights.get("forecast");
            assertThat((List<?>) forecast.get("points")).hasSize(question.contains("horizon=4") ? 4 : 14);
            assertThat(insights.get("backtest")).as(question).isNotNull();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDemoHasTargetsRecommendationsAndAForecastWidget() {
        demo();
        String viewer = Tokens.user(tenant, "viewer");
        Map<String, Object> calls = api.get("/api/v1/metrics/calls/targets", viewer).map();
        List<Map<String, Object>> targets = (List<Map<String, Object>>) calls.get("targets");
        assertThat(targets).hasSize(2);
        assertThat(targets).allSatisfy(target -> assertThat(((Map<String, Object>) target.get("current")).get("status"))
                .isIn("on_track", "at_risk", "off_track"));
        Api.Reply insights = api.get("/api/v1/insights?metric=calls&customer=acme&days=90", viewer);
        assertThat(insights.map().get("target_status")).isIn("on_track", "at_risk", "off_track");

        Api.Reply recommendations = api.get("/api/v1/recommendations?limit=50", viewer);
        assertThat(recommendations.status()).as(recommendations.body()).isEqualTo(200);
        List<Map<String, Object>> items = (List<Map<String, Object>>) recommendations.map().get("items");
        assertThat(items).as(recommendations.body()).isNotEmpty().allSatisfy(item -> assertThat((List<?>) item.get("evidence")).isNotEmpty());
        assertThat(items).extracting(item -> item.get("kind")).as("the content customer's best slot, and the marketplace's top vendor")
                .contains("best_time_to_post");

        String overview = ((List<Map<String, Object>>) api.get("/api/v1/dashboards", viewer).map().get("items")).stream()
                .filter(board -> board.get("name").equals("Tenant overview")).findFirst().orElseThrow().get("id").toString();
        Map<String, Object> data = api.get("/api/v1/dashboards/" + overview + "/data", viewer).map();
        Map<String, Object> apiCalls = ((List<Map<String, Object>>) data.get("widgets")).stream()
                .filter(widget -> widget.get("id").equals("api-calls")).findFirst().orElseThrow();
        List<Map<String, Object>> forecasts = (List<Map<String, Object>>) apiCalls.get("forecasts");
        assertThat(forecasts).hasSize(1);
        assertThat((List<?>) forecasts.getFirst().get("points")).as("today and 7 days ahead").hasSize(8);
    }
}
