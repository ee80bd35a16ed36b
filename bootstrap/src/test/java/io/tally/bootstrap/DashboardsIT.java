package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Dashboards: a widget of every type checked against hand-built calls, a filter changing the customer, a saved-query
 * widget, a broken widget isolated, the cache (hits, a new event, one filter changed), overlaps, visibility and
 * customer-scoped tokens, the tenant's default dashboards, and a second node on the same database.
 *
 * <pre>
 * call events (UTC, 09:00 onwards), D = three days ago on the test clock:
 *   alpha  D    ana completed, ben completed
 *   alpha  D+1  ana failed
 *   alpha  D+2  ana completed, ben busy, ana completed
 *   beta   D+2  cat completed
 * The dashboard's period filter defaults to last_7_days: D−3 … D+3 (today), seven daily buckets.
 * </pre>
 */
@MicronautTest(transactional = false)
class DashboardsIT extends ApiTestSupport {

    static final String JSON = "application/json";
    static final LocalDate D = TestClock.today(ZoneOffset.UTC).minusDays(3);

    String analyst;
    String savedQueryId;
    int sequence;

    @BeforeEach
    void fixture() {
        analyst = Tokens.user(tenant, "analyst");
        for (String customer : List.of("alpha", "beta")) {
            assertThat(api.put("/internal/v1/customers/" + customer, Tokens.service(tenant, "customers:write"), "{\"timezone\": \"UTC\"}")
                    .status()).isIn(200, 201);
        }
        call("alpha", D, "ana", "completed");
        call("alpha", D, "ben", "completed");
        call("alpha", D.plusDays(1), "ana", "failed");
        call("alpha", D.plusDays(2), "ana", "completed");
        call("alpha", D.plusDays(2), "ben", "busy");
        call("alpha", D.plusDays(2), "ana", "completed");
        call("beta", D.plusDays(2), "cat", "completed");
        Api.Reply saved = api.post("/api/v1/queries", analyst, JSON, """
                {"name": "Calls of a customer", "visibility": "tenant",
                 "query": {"metric": "calls", "customer": "{{customer}}", "period": "last_7_days", "tz": "UTC"},
                 "params": [{"name": "customer", "type": "customer", "required": true}]}""");
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        savedQueryId = saved.map().get("id").toString();
    }

    void call(String customer, LocalDate day, String agent, String outcome) {
        Instant time = day.atTime(9, 0).toInstant(ZoneOffset.UTC).plusSeconds(60L * sequence);
        Api.Reply reply = api.postEvents(Tokens.service(tenant, "events:write"), Events.event("d-" + sequence++, "calls", "call", customer,
                time.toString(), Map.of("agent", agent, "outcome", outcome, "duration_s", 60)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    /** A widget over the customer and period filters (UTC days). */
    static String widget(String id, String type, int x, int y, int w, int h, String query, String extra) {
        return "{\"id\": \"" + id + "\", \"title\": \"" + id + "\", \"type\": \"" + type + "\", \"position\": {\"x\": " + x + ", \"y\": " + y
                + ", \"w\": " + w + ", \"h\": " + h + "}, " + (query == null ? "" : "\"query\": {" + query
                + ", \"customer\": \"{{filters.customer}}\", \"period\": \"{{filters.period}}\", \"tz\": \"UTC\"}") + extra + "}";
    }

    String board(String visibility) {
        return "{\"name\": \"Calls\", \"visibility\": \"" + visibility + "\", \"refresh_seconds\": 60, \"filters\": ["
                + "{\"name\": \"customer\", \"type\": \"customer\"}, {\"name\": \"period\", \"type\": \"period\", \"default\": \"last_7_days\"}],"
                + " \"widgets\": ["
                + widget("calls", "metric_card", 0, 0, 3, 2, "\"metric\": \"calls\"", ", \"target\": 10") + ", "
                + widget("success", "gauge", 3, 0, 3, 2, "\"metric\": \"success_rate\"", ", \"target\": 80") + ", "
                + widget("per-day", "line", 0, 2, 6, 3, "\"metric\": \"calls\"", "") + ", "
                + widget("done-per-day", "bar", 6, 2, 6, 3, "\"metrics\": [\"calls\", \"completed_calls\"]", "") + ", "
                + widget("outcomes", "pie", 0, 5, 4, 3, "\"metric\": \"calls\", \"group_by\": [\"outcome\"]", "") + ", "
                + widget("agents", "table", 4, 5, 8, 3, "\"metrics\": [\"calls\", \"completed_calls\"], \"group_by\": [\"agent\"]", "") + ", "
                + widget("saved", "line", 0, 8, 6, 3, null, "\"saved_query\": \"" + savedQueryId + "\", \"params\": {\"customer\": \"{{filters.customer}}\"}")
                + ", "
                + "{\"id\": \"tenant-calls\", \"title\": \"All calls\", \"type\": \"metric_card\", \"position\": {\"x\": 6, \"y\": 8, \"w\": 3, \"h\": 2},"
                + " \"query\": {\"metric\": \"calls\", \"period\": \"{{filters.period}}\", \"tz\": \"UTC\"}}"
                + "]}";
    }

    String create(String token, String body) {
        Api.Reply reply = api.post("/api/v1/dashboards", token, JSON, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.map().get("id").toString();
    }

    Map<String, Object> data(String token, String id, String filters) {
        Api.Reply reply = api.get("/api/v1/dashboards/" + id + "/data" + filters, token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.map();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> widgets(Map<String, Object> data) {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        ((List<Map<String, Object>>) data.get("widgets")).forEach(widget -> byId.put(widget.get("id").toString(), widget));
        return byId;
    }

    @SuppressWarnings("unchecked")
    static List<Object> values(Map<String, Object> chart, int series) {
        return (List<Object>) ((List<Map<String, Object>>) chart.get("series")).get(series).get("values");
    }

    @Nested
    class Widgets {

        String board;

        @BeforeEach
        void make() {
            board = create(analyst, board("tenant"));
        }

        @Test
        void everyTypeAnswersInItsShape() {
            Map<String, Map<String, Object>> widgets = widgets(data(analyst, board, "?filters.customer=alpha"));

            // alpha called 6 times in the last 7 days and not in the 7 before; 6 of a target of 10 is 60.00 %
            assertThat(widgets.get("calls")).containsEntry("type", "metric_card").containsEntry("value", 6).containsEntry("previous", 0)
                    .containsEntry("growth_pct", null).containsEntry("unit", "count").containsEntry("polarity", "higher_is_better")
                    .containsEntry("target", 10).containsEntry("target_pct", 60.00).containsEntry("cached", false);
            // 4 completed of 6 = 66.67 %; of the target 80: 66.67 ÷ 80 = 83.3375 → 83.34
            assertThat(widgets.get("success")).containsEntry("type", "gauge").containsEntry("value", 66.67).containsEntry("unit", "percent")
                    .containsEntry("target", 80).containsEntry("target_pct", 83.34);
            // D−3 … D+3: 0, 0, 0, 2, 1, 3, 0
            assertThat(values(widgets.get("per-day"), 0)).containsExactly(0, 0, 0, 2, 1, 3, 0);
            assertThat((List<?>) widgets.get("per-day").get("buckets")).hasSize(7);
            assertThat(widgets.get("per-day").get("period"))
                    .isEqualTo(Map.of("from", D.minusDays(3).toString(), "to", D.plusDays(3).toString(), "timezone", "UTC"));
            assertThat(values(widgets.get("done-per-day"), 0)).containsExactly(0, 0, 0, 2, 1, 3, 0);
            assertThat(values(widgets.get("done-per-day"), 1)).containsExactly(0, 0, 0, 2, 0, 2, 0);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> slices = (List<Map<String, Object>>) widgets.get("outcomes").get("slices");
            assertThat(slices.stream().collect(Collectors.toMap(s -> s.get("label"), s -> s.get("value"))))
                    .isEqualTo(Map.of("completed", 4, "failed", 1, "busy", 1));
            assertThat(slices.getFirst()).containsEntry("label", "completed").containsEntry("key", Map.of("outcome", "completed"));
            // ana: 4 calls, 3 completed; ben: 2 calls, 1 completed
            assertThat(widgets.get("agents").get("rows")).isEqualTo(List.of(List.of("ana", 4, 3), List.of("ben", 2, 1)));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> columns = (List<Map<String, Object>>) widgets.get("agents").get("columns");
            assertThat(columns.stream().map(c -> c.get("name")).toList())
                    .containsExactly("agent", "calls", "completed_calls");
            // the saved query, for the dashboard's customer
            assertThat(values(widgets.get("saved"), 0)).containsExactly(0, 0, 0, 2, 1, 3, 0);
            // the tenant: alpha's 6 and beta's 1
            assertThat(widgets.get("tenant-calls")).containsEntry("value", 7);
        }

        @Test
        void aFilterChangesTheCustomerAndOnlyTheWidgetsThatUseItAreRecomputed() {
            data(analyst, board, "?filters.customer=alpha");

            Map<String, Map<String, Object>> beta = widgets(data(analyst, board, "?filters.customer=beta"));

            assertThat(beta.get("calls")).containsEntry("value", 1).containsEntry("cached", false);
            assertThat(values(beta.get("per-day"), 0)).containsExactly(0, 0, 0, 0, 0, 1, 0);
            assertThat(values(beta.get("saved"), 0)).containsExactly(0, 0, 0, 0, 0, 1, 0);
            // the widget without the customer filter answered the same question: from the cache
            assertThat(beta.get("tenant-calls")).containsEntry("value", 7).containsEntry("cached", true);
            assertThat(data(analyst, board, "?filters.customer=beta").get("filters")).isEqualTo(Map.of("customer", "beta", "period", "last_7_days"));
        }

        @Test
        void theSameCallIsCachedUntilTheTenantsDataChanges() {
            Map<String, Map<String, Object>> first = widgets(data(analyst, board, "?filters.customer=alpha"));
            Map<String, Map<String, Object>> second = widgets(data(analyst, board, "?filters.customer=alpha"));

            assertThat(first.values()).allSatisfy(widget -> assertThat(widget).containsEntry("cached", false));
            assertThat(second.values()).allSatisfy(widget -> assertThat(widget).containsEntry("cached", true));
            assertThat(second.get("calls").get("as_of")).isEqualTo(first.get("calls").get("as_of"));

            call("alpha", D.plusDays(2), "ben", "completed");
            Map<String, Map<String, Object>> third = widgets(data(analyst, board, "?filters.customer=alpha"));

            assertThat(third.get("calls")).containsEntry("value", 7).containsEntry("cached", false);
            assertThat(values(third.get("per-day"), 0)).containsExactly(0, 0, 0, 2, 1, 4, 0);
            assertThat(third.values()).allSatisfy(widget -> assertThat(widget).containsEntry("cached", false));
        }

        @Test
        void aTableHasARowPerGroupOfItsFirstMetricAndEveryColumnForIt() {
            // the fewest calls: cat (1, of beta); the lowest success rate: ben (1 of 2 = 50.00 %); cat's is 1 of 1 = 100.00 %
            String query = "{\"metrics\": [\"calls\", \"success_rate\"], \"group_by\": [\"agent\"], \"order\": \"asc\", \"limit\": 1,"
                    + " \"period\": \"last_7_days\", \"tz\": \"UTC\"";
            Api.Reply apart = api.post("/api/v1/analytics/query", analyst, JSON, query + "}");
            assertThat(apart.status()).as(apart.body()).isEqualTo(200);
            assertThat(agents(apart, 0)).containsExactly("cat");
            assertThat(agents(apart, 1)).as("each metric its own lowest").containsExactly("ben");
            Api.Reply aligned = api.post("/api/v1/analytics/query", analyst, JSON, query + ", \"order_by\": \"calls\"}");
            assertThat(agents(aligned, 1)).as("the groups of calls").containsExactly("cat");
            assertThat(api.post("/api/v1/analytics/query", analyst, JSON, query + ", \"order_by\": \"mrr\"}").errors())
                    .extracting(e -> e.get("field")).containsExactly("order_by");

            String table = create(analyst, "{\"name\": \"Quietest agent\", \"widgets\": [{\"id\": \"quiet\", \"title\": \"Quietest\","
                    + " \"type\": \"table\", \"position\": {\"x\": 0, \"y\": 0, \"w\": 6, \"h\": 3}, \"query\": " + query + "}}]}");
            assertThat(widgets(data(analyst, table, "")).get("quiet").get("rows")).isEqualTo(List.of(List.of("cat", 1, 100.00)));
        }

        @SuppressWarnings("unchecked")
        List<Object> agents(Api.Reply reply, int series) {
            List<Map<String, Object>> groups = (List<Map<String, Object>>) ((List<Map<String, Object>>) reply.map().get("series")).get(series)
                    .get("groups");
            return groups.stream().map(group -> ((Map<String, Object>) group.get("key")).get("agent")).toList();
        }

        @Test
        void aSecondNodeNeverServesAnAnswerOlderThanTheData() {
            try (ApplicationContext context = ApplicationContext.run(Map.of("micronaut.server.port", -1), "test")) {
                EmbeddedServer other = context.getBean(EmbeddedServer.class).start();
                Api second = new Api(other.getURI(), context.getBean(JsonMapper.class));
                Api.Reply before = second.get("/api/v1/dashboards/" + board + "/data?filters.customer=alpha", analyst);
                assertThat(widgets(before.map()).get("calls")).containsEntry("value", 6).containsEntry("cached", false);
                assertThat(widgets(second.get("/api/v1/dashboards/" + board + "/data?filters.customer=alpha", analyst).map()).get("calls"))
                        .containsEntry("cached", true);

                // the event arrives at the first node; the second one's kept answer is then older than the data
                call("alpha", D.plusDays(2), "ben", "completed");

                Map<String, Map<String, Object>> after = widgets(second.get("/api/v1/dashboards/" + board + "/data?filters.customer=alpha",
                        analyst).map());
                assertThat(after.get("calls")).containsEntry("value", 7).containsEntry("cached", false);
            }
        }

        @Test
        void aBrokenWidgetCarriesItsOwnProblemAndTheOthersAnswer() {
            String manager = Tokens.user(tenant, "manager");
            assertThat(api.post("/api/v1/metrics", manager, JSON, "{\"key\": \"ana_calls\", \"formula\": {\"meter\": \"calls_by_agent\"}}").status())
                    .isEqualTo(201);
            String broken = create(analyst, "{\"name\": \"Soon broken\", \"widgets\": [" + widget("gone", "metric_card", 0, 0, 3, 2,
                    "\"metric\": \"ana_calls\"", "").replace(", \"customer\": \"{{filters.customer}}\", \"period\": \"{{filters.period}}\"", "")
                    + ", " + widget("fine", "metric_card", 3, 0, 3, 2, "\"metric\": \"calls\"", "")
                    .replace(", \"customer\": \"{{filters.customer}}\", \"period\": \"{{filters.period}}\"", "") + "]}");
            assertThat(api.delete("/api/v1/metrics/ana_calls", manager).status()).isEqualTo(204);

            Map<String, Map<String, Object>> widgets = widgets(data(analyst, broken, ""));

            @SuppressWarnings("unchecked")
            Map<String, Object> problem = (Map<String, Object>) widgets.get("gone").get("problem");
            assertThat(problem).containsEntry("status", 400).containsEntry("title", "Invalid request");
            assertThat(problem.get("detail").toString()).contains("'ana_calls' is not a metric");
            assertThat(widgets.get("fine")).containsEntry("value", 7).doesNotContainKey("problem");
        }
    }

    @Nested
    class Definitions {

        @Test
        void overlappingWidgetsAreRefusedNamingThem() {
            Api.Reply reply = api.post("/api/v1/dashboards", analyst, JSON, "{\"name\": \"Crowded\", \"widgets\": ["
                    + "{\"id\": \"a\", \"title\": \"A\", \"type\": \"line\", \"query\": {\"metric\": \"calls\"}, \"position\": {\"x\": 0, \"y\": 0, \"w\": 6, \"h\": 2}},"
                    + "{\"id\": \"b\", \"title\": \"B\", \"type\": \"line\", \"query\": {\"metric\": \"calls\"}, \"position\": {\"x\": 5, \"y\": 1, \"w\": 3, \"h\": 2}}]}");

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.errors()).containsExactly(Map.of("field", "widgets[1].position", "message", "widget 'b' overlaps widget 'a'"));
        }

        @Test
        void badWidgetsAreRefusedWhenSaved() {
            Api.Reply unknownFilter = api.post("/api/v1/dashboards", analyst, JSON, "{\"name\": \"X\", \"widgets\": ["
                    + "{\"id\": \"a\", \"title\": \"A\", \"type\": \"line\", \"query\": {\"metric\": \"calls\", \"customer\": \"{{filters.who}}\"},"
                    + " \"position\": {\"x\": 0, \"y\": 0, \"w\": 6, \"h\": 2}}]}");
            assertThat(unknownFilter.status()).isEqualTo(400);
            assertThat(unknownFilter.errors()).extracting(e -> e.get("field")).containsExactly("widgets[0].query.customer");

            Api.Reply unknownMetric = api.post("/api/v1/dashboards", analyst, JSON, "{\"name\": \"X\", \"widgets\": ["
                    + "{\"id\": \"a\", \"title\": \"A\", \"type\": \"line\", \"query\": {\"metric\": \"no_such\"}, \"position\": {\"x\": 0, \"y\": 0, \"w\": 6, \"h\": 2}}]}");
            assertThat(unknownMetric.errors()).extracting(e -> e.get("field")).containsExactly("widgets[0].query.metric");

            Api.Reply viewer = api.post("/api/v1/dashboards", Tokens.user(tenant, "viewer"), JSON, board("private"));
            assertThat(viewer.status()).isEqualTo(403);
        }

        @Test
        void versionsAreKeptAndACopyIsTheCopiersOwn() {
            String id = create(analyst, board("private"));
            Api.Reply changed = api.put("/api/v1/dashboards/" + id, analyst, board("private").replace("\"Calls\"", "\"Calls by day\""));
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(changed.map()).containsEntry("version", 2).containsEntry("name", "Calls by day");
            assertThat(api.get("/api/v1/dashboards/" + id + "/versions", analyst).items()).extracting(v -> v.get("name"))
                    .containsExactly("Calls by day", "Calls");

            String other = Tokens.MINTER.userToken(tenant, "other-analyst", List.of("analyst"), List.of(), Instant.now(), Duration.ofMinutes(10));
            assertThat(api.post("/api/v1/dashboards/" + id + "/copy", other, JSON, "").status()).as("a private one is not theirs to copy")
                    .isEqualTo(404);
            Api.Reply copy = api.post("/api/v1/dashboards/" + id + "/copy", analyst, JSON, "");
            assertThat(copy.status()).as(copy.body()).isEqualTo(201);
            assertThat(copy.map()).containsEntry("name", "Calls by day (copy)").containsEntry("visibility", "private").containsEntry("version", 1);
        }
    }

    @Nested
    class Access {

        @Test
        void anotherUsersPrivateDashboardDoesNotExistForThem() {
            String id = create(analyst, board("private"));
            String other = Tokens.MINTER.userToken(tenant, "other-analyst", List.of("manager"), List.of(), Instant.now(), Duration.ofMinutes(10));

            assertThat(api.get("/api/v1/dashboards/" + id, other).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/dashboards/" + id + "/data?filters.customer=alpha", other).status()).isEqualTo(404);
            assertThat(api.delete("/api/v1/dashboards/" + id, other).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/dashboards", other).items()).extracting(d -> d.get("id")).doesNotContain(id);
        }

        @Test
        void aCustomerScopedTokenSeesADashboardOnlyForItsOwnCustomer() {
            String id = create(analyst, board("tenant"));
            String alphaOnly = Tokens.customerUser(tenant, List.of("alpha"), "viewer");

            Map<String, Map<String, Object>> own = widgets(data(alphaOnly, id, "?filters.customer=alpha"));
            assertThat(own.get("calls")).containsEntry("value", 6);
            // the tenant-wide widget is not for a customer's token: its own problem
            assertThat(((Map<?, ?>) own.get("tenant-calls").get("problem")).get("status")).isEqualTo(403);

            assertThat(api.get("/api/v1/dashboards/" + id + "/data?filters.customer=beta", alphaOnly).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/dashboards/" + id + "/data", alphaOnly).status()).isEqualTo(404);
        }

        @Test
        void aBadFilterIsRefusedNamingIt() {
            String id = create(analyst, board("tenant"));

            Api.Reply unknown = api.get("/api/v1/dashboards/" + id + "/data?filters.colour=red", analyst);
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.errors()).extracting(e -> e.get("field")).containsExactly("filters.colour");
            Api.Reply period = api.get("/api/v1/dashboards/" + id + "/data?filters.period=fortnight", analyst);
            assertThat(period.errors()).extracting(e -> e.get("field")).containsExactly("filters.period");
        }
    }

    @Nested
    class Export {

        String board;

        @BeforeEach
        void make() {
            board = create(analyst, board("tenant"));
        }

        @Test
        void theCsvHasTheCardsAsKeyFiguresAndEveryChartAndTableAsATable() {
            Api.Binary csv = api.download("/api/v1/dashboards/" + board + "/export?format=csv&filters.customer=alpha", analyst);

            assertThat(csv.status()).as(csv.text()).isEqualTo(200);
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            assertThat(csv.header("Content-Disposition")).contains("filename=\"dashboard_Calls_alpha_" + TestClock.today(ZoneOffset.UTC).toString().replace("-", "") + ".csv\"");
            List<String> lines = csv.text().lines().toList();
            assertThat(lines).contains("Report,Calls", "Subject,alpha", "Period from," + D.minusDays(3), "Period to," + D.plusDays(3),
                    "Note,\"Filters: customer alpha, period last_7_days.\"");
            // the cards in reading order: calls (0, 0), success (3, 0), All calls (6, 8); 6 calls against none before
            assertThat(lines).containsSubsequence("Key figures", "Figure,Value,Unit,Previous,Growth %", "calls,6,count,0,",
                    "success,66.67,percent,,", "All calls,7,count,0,");
            // 6 of 10 = 60.00 %; 66.67 of 80 = 83.34 %
            assertThat(lines).containsSubsequence("Targets", "Figure,Unit,Value,Target,Of target %", "calls,count,6,10,60.00",
                    "success,percent,66.67,80,83.34");
            assertThat(lines).containsSubsequence("per-day", "Day,Calls", D.minusDays(3) + ",0", D.minusDays(2) + ",0", D.minusDays(1) + ",0",
                    D + ",2", D.plusDays(1) + ",1", D.plusDays(2) + ",3", D.plusDays(3) + ",0");
            assertThat(lines).containsSubsequence("done-per-day", "Day,Calls,Completed calls", D + ",2,2", D.plusDays(1) + ",1,0",
                    D.plusDays(2) + ",3,2");
            // 4 of 6 completed = 66.67 %, 1 of 6 = 16.67 %
            assertThat(lines).containsSubsequence("outcomes", "Outcome,Calls,Share %", "completed,4,66.67");
            assertThat(lines).contains("busy,1,16.67", "failed,1,16.67");
            assertThat(lines).containsSubsequence("agents", "Agent,Calls,Completed calls", "ana,4,3", "ben,2,1");
        }

        @Test
        void thePdfAndTheJsonHoldTheSameWidgets() throws Exception {
            Api.Binary pdf = api.download("/api/v1/dashboards/" + board + "/export?format=pdf&filters.customer=alpha", analyst);
            assertThat(pdf.status()).isEqualTo(200);
            assertThat(pdf.header("Content-Type")).isEqualTo("application/pdf");
            try (PDDocument document = Loader.loadPDF(pdf.body())) {
                String text = new PDFTextStripper().getText(document);
                assertThat(text).contains("Calls", "alpha", "Targets", "per-day", "done-per-day", "outcomes", "agents", "saved", "All calls");
            }

            Api.Reply json = api.get("/api/v1/dashboards/" + board + "/export?format=json&filters.customer=alpha", analyst);
            assertThat(json.status()).as(json.body()).isEqualTo(200);
            Map<String, Object> report = json.map();
            assertThat(report).containsEntry("report", "dashboard").containsEntry("title", "Calls");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> figures = (List<Map<String, Object>>) report.get("key_figures");
            assertThat(figures).extracting(f -> f.get("label")).containsExactly("calls", "success", "All calls");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> sections = (List<Map<String, Object>>) report.get("sections");
            assertThat(sections).extracting(section -> section.get("title"))
                    .containsExactly("Targets", "per-day", "done-per-day", "outcomes", "agents", "saved");
            // two counts on one chart, a series each, then their table
            @SuppressWarnings("unchecked")
            Map<String, Object> both = ((List<Map<String, Object>>) sections.get(2).get("blocks")).getFirst();
            assertThat(both).containsEntry("kind", "multi_series").containsEntry("title", "Calls, Completed calls").containsEntry("style", "bar")
                    .containsEntry("series", List.of(Map.of("label", "Calls", "values", List.of(0, 0, 0, 2, 1, 3, 0)),
                            Map.of("label", "Completed calls", "values", List.of(0, 0, 0, 2, 0, 2, 0))));
        }

        @Test
        void theWorkbookAndThePageHoldTheSameWidgets() throws Exception {
            Api.Binary xlsx = api.download("/api/v1/dashboards/" + board + "/export?format=xlsx&filters.customer=alpha", analyst);
            assertThat(xlsx.status()).as(xlsx.text()).isEqualTo(200);
            Map<String, List<org.dhatim.fastexcel.reader.Row>> sheets = ExportIT.workbook(xlsx.body());
            assertThat(sheets.keySet()).containsExactly("Summary", "Targets", "per-day", "done-per-day", "outcomes", "agents", "saved");
            assertThat(ExportIT.xlsxRow(sheets.get("Summary"), "calls").getCell(1).asNumber()).isEqualByComparingTo("6");
            // 66.67 % is stored as a fraction
            assertThat(ExportIT.xlsxRow(sheets.get("Summary"), "success").getCell(1).asNumber()).isEqualByComparingTo("0.6667");
            org.dhatim.fastexcel.reader.Row busiest = sheets.get("per-day").get(7);
            assertThat(busiest.getCell(0).asDate()).isEqualTo(D.plusDays(2).atStartOfDay());
            assertThat(busiest.getCell(1).asNumber()).isEqualByComparingTo("3");
            assertThat(ExportIT.xlsxRow(sheets.get("agents"), "ana").getCell(1).asNumber()).isEqualByComparingTo("4");

            Api.Binary html = api.download("/api/v1/dashboards/" + board + "/export?format=html&filters.customer=alpha", analyst);
            assertThat(html.status()).as(html.text()).isEqualTo(200);
            assertThat(html.header("Content-Type")).startsWith("text/html");
            assertThat(html.text()).contains("<h2>per-day</h2>", "<h2>done-per-day</h2>", "<h2>outcomes</h2>", "<h2>agents</h2>", "<svg",
                    "<tr><td dir=\"auto\">ana</td><td class=\"num\">4</td>");
        }

        @Test
        void anExportIsCountedAndAuditedAndNeedsTheAnalystRole() throws Exception {
            assertThat(api.download("/api/v1/dashboards/" + board + "/export?format=csv&filters.customer=alpha", analyst).status()).isEqualTo(200);
            assertThat(api.download("/api/v1/dashboards/" + board + "/export?format=pdf&filters.customer=alpha", analyst).status()).isEqualTo(200);

            Api.Reply summary = api.get("/api/v1/customers/alpha/usage/summary?days=1", analyst);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> figures = (Map<String, Map<String, Object>>) summary.map().get("figures");
            assertThat(figures.get("exports_generated").get("value").toString()).isEqualTo("2");
            List<Map<String, Object>> audit = TestDb.auditEntries(tenant).stream().filter(e -> "export.generated".equals(e.get("action"))).toList();
            assertThat(audit).hasSize(2).allSatisfy(entry -> {
                assertThat(entry.get("target")).isEqualTo("dashboard:" + board);
                assertThat(entry.get("details").toString()).contains("\"report\": \"dashboard\"", "\"customer\": \"alpha\"",
                        "\"filters\": {\"period\": \"last_7_days\", \"customer\": \"alpha\"}");
            });

            Api.Reply viewer = api.get("/api/v1/dashboards/" + board + "/export?format=csv&filters.customer=alpha", Tokens.user(tenant, "viewer"));
            assertThat(viewer.status()).isEqualTo(403);
            Api.Reply noFormat = api.get("/api/v1/dashboards/" + board + "/export?filters.customer=alpha", analyst);
            assertThat(noFormat.status()).isEqualTo(400);
            assertThat(noFormat.errors()).extracting(e -> e.get("field")).containsExactly("format");
        }

        @Test
        void aCustomersTokenExportsItsOwnCustomerAndAFailedWidgetIsANote() {
            String alphaOnly = Tokens.customerUser(tenant, List.of("alpha"), "viewer");

            Api.Binary own = api.download("/api/v1/dashboards/" + board + "/export?format=csv&filters.customer=alpha", alphaOnly);
            assertThat(own.status()).as(own.text()).isEqualTo(200);
            assertThat(own.text().lines()).anyMatch(line -> line.startsWith("Note,'All calls' could not be answered: "))
                    .contains("calls,6,count,0,").doesNotContain("All calls,7,count,0,");
            assertThat(api.get("/api/v1/dashboards/" + board + "/export?format=csv&filters.customer=beta", alphaOnly).status()).isEqualTo(404);
        }
    }

    @Nested
    class Defaults {

        @Test
        void twoNodesListingAtOnceMakeTheDefaultsOnce() throws Exception {
            try (ApplicationContext context = ApplicationContext.run(Map.of("micronaut.server.port", -1), "test")) {
                EmbeddedServer other = context.getBean(EmbeddedServer.class).start();
                Api second = new Api(other.getURI(), context.getBean(JsonMapper.class));
                String viewer = Tokens.user(tenant, "viewer");
                ExecutorService pool = Executors.newFixedThreadPool(8);
                try {
                    List<Future<Integer>> lists = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        Api node = i % 2 == 0 ? api : second;
                        lists.add(pool.submit(() -> node.get("/api/v1/dashboards", viewer).status()));
                    }
                    for (Future<Integer> list : lists) {
                        assertThat(list.get()).isEqualTo(200);
                    }
                } finally {
                    pool.shutdownNow();
                }
            }

            assertThat(api.get("/api/v1/dashboards", analyst).items()).extracting(d -> d.get("default_key"))
                    .containsExactly("overview", "performance", "growth");
            assertThat(TestDb.auditEntries(tenant).stream().filter(e -> "dashboard.defaults_made".equals(e.get("action")))).hasSize(1);
        }

        @Test
        void theThreeDefaultsAreMadeOnceAndCanBeRestored() {
            List<Map<String, Object>> listed = api.get("/api/v1/dashboards", Tokens.user(tenant, "viewer")).items();
            assertThat(listed).extracting(d -> d.get("default_key")).containsExactly("overview", "performance", "growth");
            assertThat(api.get("/api/v1/dashboards", analyst).items()).hasSize(3);
            String overview = listed.getFirst().get("id").toString();
            String manager = Tokens.user(tenant, "manager");

            Map<String, Object> original = api.get("/api/v1/dashboards/" + overview, manager).map();
            Api.Reply edited = api.put("/api/v1/dashboards/" + overview, manager, api.json(Map.of("name", "Our overview", "visibility", "tenant",
                    "filters", original.get("filters"), "widgets", original.get("widgets"))));
            assertThat(edited.status()).as(edited.body()).isEqualTo(200);
            assertThat(api.get("/api/v1/dashboards", analyst).items()).extracting(d -> d.get("name")).contains("Our overview");
            assertThat(api.delete("/api/v1/dashboards/" + overview, manager).status()).isEqualTo(409);

            Api.Reply restored = api.post("/api/v1/dashboards/" + overview + "/restore", manager, JSON, "");
            assertThat(restored.status()).as(restored.body()).isEqualTo(200);
            assertThat(restored.map()).containsEntry("name", "Overview").containsEntry("version", 3).containsEntry("default_key", "overview");
            assertThat(api.post("/api/v1/dashboards/" + overview + "/restore", analyst, JSON, "").status()).isEqualTo(403);

            // the defaults answer: 7 calls in the tenant over the last 30 days are not its API calls, but every widget answers
            Map<String, Object> data = data(analyst, listed.get(1).get("id").toString(), "");
            assertThat(widgets(data).get("calls")).containsEntry("value", 7);
        }
    }
}
