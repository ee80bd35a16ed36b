package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A tenant's own report templates: defined by a manager, listed with the built-in ones, rendered with the figures of
 * the query model worked out by hand, refused with the section and the field of a problem, changed in versions, deleted,
 * audited, and seen by no other tenant.
 *
 * <pre>
 * calls of Acme Ltd (UTC), two days ago on the test clock (D):
 *   ana  completed    ana  failed    bob  completed
 * calls 3; success rate 2 ÷ 3 = 66.67 %; ana 2 calls (1 completed, 50.00 %, a share of 66.67 %), bob 1 (100.00 %, 33.33 %)
 * </pre>
 */
@MicronautTest(transactional = false)
class ReportTemplatesIT extends ApiTestSupport {

    static final String JSON = "application/json";
    static final LocalDate D = TestClock.today(ZoneOffset.UTC).minusDays(2);

    String manager;
    String analyst;
    String savedQuery;

    static final String WEEKLY_CALLS = """
            {"key": "weekly-calls", "title": "Calls of {{customer}}", "description": "Calls and their success",
             "scope": "customer",
             "params": [{"name": "top", "type": "number", "default": 5}],
             "notes": ["{{days}} days from {{from}} to {{to}}."],
             "key_figures": [{"metric": "calls"}, {"metric": "success_rate", "compare": false},
                             {"metric": "calls", "label": "Busiest agent", "top_by": "agent", "compare": false}],
             "sections": [
               {"title": "Agents", "blocks": [
                 {"type": "table", "query": {"metrics": ["calls", "success_rate"], "group_by": ["agent"], "limit": "{{top}}"},
                  "share_of": "calls", "headings": {"agent": "Agent"}},
                 {"type": "text", "text": "At most {{top}} agents."}]},
               {"title": "Outcomes", "blocks": [
                 {"type": "table", "saved_query": {"id": "SAVED", "params": {}}, "order": "label"}]}
             ]}""";

    @BeforeEach
    void theCalls() {
        manager = Tokens.user(tenant, "manager");
        analyst = Tokens.user(tenant, "analyst");
        assertThat(api.put("/internal/v1/customers/acme", Tokens.service(tenant, "customers:write"),
                "{\"display_name\": \"Acme Ltd\", \"timezone\": \"UTC\"}").status()).isIn(200, 201);
        String time = D.atTime(10, 0).toInstant(ZoneOffset.UTC).toString();
        String events = Tokens.service(tenant, "events:write");
        assertThat(api.postEvents(events, List.of(
                Events.event("c1", "calls", "call", "acme", time, Map.of("agent", "ana", "outcome", "completed", "duration_s", 60)),
                Events.event("c2", "calls", "call", "acme", time, Map.of("agent", "ana", "outcome", "failed", "duration_s", 30)),
                Events.event("c3", "calls", "call", "acme", time, Map.of("agent", "bob", "outcome", "completed", "duration_s", 90)))).status())
                .isEqualTo(200);
        Api.Reply saved = api.post("/api/v1/queries", manager, JSON, """
                {"name": "Calls by outcome", "visibility": "tenant", "query": {"metric": "calls", "group_by": ["outcome"]}}""");
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        savedQuery = saved.map().get("id").toString();
    }

    Api.Reply define(String body) {
        return api.post("/api/v1/report-templates", manager, JSON, body.replace("SAVED", savedQuery));
    }

    Map<String, Object> render(String params) {
        Api.Reply reply = api.get("/api/v1/reports/weekly-calls?customer=acme&format=json&from=" + D.minusDays(1) + "&to=" + D.plusDays(1)
                + params, analyst);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.map();
    }

    @Test
    void aManagersTemplateRendersTheQueryModelsFiguresInEveryFormat() {
        Api.Reply made = define(WEEKLY_CALLS);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.headers().firstValue("Location")).hasValue("/api/v1/report-templates/weekly-calls");
        assertThat(made.map()).containsEntry("key", "weekly-calls").containsEntry("built_in", false).containsEntry("version", 1)
                .containsEntry("scope", "customer");

        Map<String, Object> report = render("");
        assertThat(report).containsEntry("report", "weekly-calls").containsEntry("title", "Calls of Acme Ltd");
        assertThat(report.get("notes")).isEqualTo(List.of("3 days from " + D.minusDays(1) + " to " + D.plusDays(1) + "."));
        assertThat(ReportJson.figure(report, "Calls")).containsEntry("value", 3).containsEntry("previous", 0);
        assertThat(ReportJson.figure(report, "Success rate")).containsEntry("value", 66.67).containsEntry("previous", null);
        assertThat(ReportJson.figure(report, "Busiest agent: ana")).containsEntry("value", 2);
        assertThat(ReportJson.columns(report, "Agents")).containsExactly("Agent", "Calls", "Success rate %", "Share %");
        assertThat(ReportJson.rows(report, "Agents")).containsExactly(List.of("ana", 2, 50.00, 66.67), List.of("bob", 1, 100.00, 33.33));
        assertThat(ReportJson.of(report, "Agents", "text").getFirst()).containsEntry("text", "At most 5 agents.");
        // the saved query, for the report's customer and period, in the order of its groups' names
        assertThat(ReportJson.columns(report, "Outcomes")).containsExactly("Outcome", "Calls");
        assertThat(ReportJson.rows(report, "Outcomes")).containsExactly(List.of("completed", 2), List.of("failed", 1));

        Map<String, Object> top = render("&params.top=1");
        assertThat(ReportJson.rows(top, "Agents")).containsExactly(List.of("ana", 2, 50.00, 66.67));
        assertThat(ReportJson.of(top, "Agents", "text").getFirst()).containsEntry("text", "At most 1 agents.");

        for (String format : List.of("pdf", "csv", "xlsx", "html")) {
            Api.Binary file = api.download("/api/v1/customers/acme/reports/weekly-calls?format=" + format + "&days=7", analyst);
            assertThat(file.status()).as(format + " " + file.text()).isEqualTo(200);
            assertThat(file.header("Content-Disposition")).contains("weekly-calls_Acme_Ltd_");
        }
        Api.Reply job = api.post("/api/v1/exports", analyst, JSON, api.json(Map.of("report", "weekly-calls", "customer", "acme", "days", 7,
                "format", "csv", "params", Map.of("top", 1))));
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        assertThat(job.map()).containsEntry("report", "weekly-calls");
    }

    @Test
    void theListHasTheBuiltInTemplatesAndTheTenantsOwnByKeyPageByPage() {
        assertThat(define(WEEKLY_CALLS).status()).isEqualTo(201);

        Api.Reply first = api.get("/api/v1/report-templates?limit=4", Tokens.user(tenant, "viewer"));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.items()).extracting(item -> item.get("key")).containsExactly("activity", "billing-summary", "content-performance",
                "sales-overview");
        assertThat(first.items().get(2)).containsEntry("built_in", true).containsEntry("scope", "customer")
                .containsEntry("params", List.of(Map.of("name", "min_posts", "type", "number", "default", 3)));
        Api.Reply second = api.get("/api/v1/report-templates?limit=4&cursor=" + first.map().get("next_cursor"), Tokens.user(tenant, "viewer"));
        assertThat(second.items()).extracting(item -> item.get("key")).containsExactly("usage-history", "usage-summary", "weekly-calls");
        assertThat(second.map().get("next_cursor")).isNull();
        assertThat(second.items().get(2)).containsEntry("built_in", false).containsEntry("updated_by", "user-of-" + tenant);

        // another tenant has the built-in ones only
        Api.Reply other = api.get("/api/v1/report-templates", Tokens.user(Tokens.freshTenant(), "viewer"));
        assertThat(other.items()).extracting(item -> item.get("key")).doesNotContain("weekly-calls").hasSize(6);
        assertThat(api.get("/api/v1/report-templates/weekly-calls", Tokens.user(Tokens.freshTenant(), "owner")).status()).isEqualTo(404);
    }

    @Test
    void aBuiltInTemplateReadsAsDataAndCannotBeChanged() {
        Api.Reply activity = api.get("/api/v1/report-templates/activity", Tokens.user(tenant, "viewer"));
        assertThat(activity.status()).isEqualTo(200);
        assertThat(activity.map()).containsEntry("built_in", true).containsEntry("title", "Call activity");
        assertThat(activity.map().get("sections").toString()).contains("Agent performance");

        assertThat(api.post("/api/v1/report-templates", manager, JSON, WEEKLY_CALLS.replace("weekly-calls", "activity")).status())
                .isEqualTo(409);
        assertThat(api.put("/api/v1/report-templates/activity", manager, WEEKLY_CALLS.replace("\"key\": \"weekly-calls\", ", "")).status())
                .isEqualTo(409);
        assertThat(api.delete("/api/v1/report-templates/activity", manager).status()).isEqualTo(409);
        assertThat(define(WEEKLY_CALLS).status()).isEqualTo(201);
        assertThat(define(WEEKLY_CALLS).status()).isEqualTo(409);
    }

    @Nested
    class Refusals {

        void refused(String body, String field, String message) {
            Api.Reply reply = define(body);
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.errors()).as(reply.body()).containsExactly(Map.of("field", field, "message", message));
        }

        @Test
        void anUnknownMetricNamesItsSectionBlockAndField() {
            refused(WEEKLY_CALLS.replace("\"metrics\": [\"calls\", \"success_rate\"]", "\"metrics\": [\"calls\", \"succes_rate\"]"),
                    "sections[0].blocks[0].query.metrics[1]", "'succes_rate' is not a metric of this tenant; GET /api/v1/metrics lists them");
            refused(WEEKLY_CALLS.replace("{\"metric\": \"calls\"}, {\"metric\": \"success_rate\"", "{\"metric\": \"calls\"}, {\"metric\": \"nope\""),
                    "key_figures[1].metric", "'nope' is not a metric of this tenant; GET /api/v1/metrics lists them");
        }

        @Test
        void theShapeOfATemplateIsCheckedFieldByField() {
            refused(WEEKLY_CALLS.replace("\"type\": \"text\"", "\"type\": \"video\""), "sections[0].blocks[1].type",
                    "must be table, chart, text or events");
            refused(WEEKLY_CALLS.replace("\"share_of\": \"calls\"", "\"share_of\": \"calls\", \"colour\": \"red\""), "sections[0].blocks[0].colour",
                    "is not a field of a table; its fields are headings, none_label, order, query, rows, saved_query, share_of, type");
            refused(WEEKLY_CALLS.replace("\"share_of\": \"calls\"", "\"share_of\": \"completed_calls\""), "sections[0].blocks[0].share_of",
                    "'completed_calls' is not one of the table's metrics: calls, success_rate");
            refused(WEEKLY_CALLS.replace("At most {{top}} agents.", "At most {{tops}} agents."), "sections[0].blocks[1].text",
                    "{{tops}} is neither a parameter of the template nor one of the report's: customer, days, from, measured_until, "
                            + "previous_from, previous_to, timezone, to");
            refused(WEEKLY_CALLS.replace("\"limit\": \"{{top}}\"", "\"limit\": \"{{many}}\""), "sections[0].blocks[0].query.limit",
                    "{{many}} is not a parameter of the template; declare it in params");
            refused(WEEKLY_CALLS.replace("\"group_by\": [\"agent\"]", "\"group_by\": [\"agent\"], \"customer\": \"acme\""),
                    "sections[0].blocks[0].query.customer", "a template's queries are about the report's customer (or the whole tenant): name none");
            refused(WEEKLY_CALLS.replace("\"scope\": \"customer\"", "\"scope\": \"everyone\""), "scope", "must be customer or tenant");
            refused(WEEKLY_CALLS.replace("\"title\": \"Agents\", ", ""), "sections[0].title", "is required");
            refused(WEEKLY_CALLS.replace("{\"type\": \"text\", \"text\": \"At most {{top}} agents.\"}", "{\"type\": \"events\"}")
                    .replace("\"scope\": \"customer\"", "\"scope\": \"tenant\""), "sections[0].blocks[1]",
                    "usage events are a customer's: a template of the whole tenant has none");
        }

        @Test
        void aSavedQueryMustBeSharedWithTheTenant() {
            Api.Reply mine = api.post("/api/v1/queries", manager, JSON, """
                    {"name": "Mine", "visibility": "private", "query": {"metric": "calls"}}""");
            assertThat(mine.status()).as(mine.body()).isEqualTo(201);
            String id = mine.map().get("id").toString();

            refused(WEEKLY_CALLS.replace("SAVED", id), "sections[1].blocks[0].saved_query.id",
                    "'" + id + "' is not a saved query shared with the tenant; a template may use those only");
        }

        @Test
        void onlyManagersDefineTemplates() {
            assertThat(api.post("/api/v1/report-templates", analyst, JSON, WEEKLY_CALLS.replace("SAVED", savedQuery)).status()).isEqualTo(403);
            assertThat(api.get("/api/v1/report-templates/weekly-calls", analyst).status()).isEqualTo(404);
        }
    }

    @Test
    void aChangeIsANewVersionAndEveryChangeIsAudited() {
        assertThat(define(WEEKLY_CALLS).status()).isEqualTo(201);
        String changed = WEEKLY_CALLS.replace("SAVED", savedQuery).replace("\"Calls and their success\"", "\"Calls, their success, outcomes\"");

        Api.Reply put = api.put("/api/v1/report-templates/weekly-calls", manager, changed);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.map()).containsEntry("version", 2).containsEntry("description", "Calls, their success, outcomes");
        // the same definition again, as read back with what GET adds, changes nothing
        Api.Reply again = api.put("/api/v1/report-templates/weekly-calls", manager, api.json(put.map()));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.map()).containsEntry("version", 2);
        assertThat(api.delete("/api/v1/report-templates/weekly-calls", manager).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/report-templates/weekly-calls", manager).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/reports/weekly-calls?customer=acme&format=csv", analyst).status()).isEqualTo(404);

        List<Map<String, Object>> audit = api.get("/api/v1/admin/audit?limit=50", Tokens.user(tenant, "admin")).items();
        assertThat(audit).filteredOn(entry -> "report_template:weekly-calls".equals(entry.get("target"))).extracting(entry -> entry.get("action"))
                .containsExactly("report_template.deleted", "report_template.changed", "report_template.defined");
    }

    /**
     * A table's metrics show its first metric's groups, however many groups the others have: of 106 agents, "top" made
     * the most calls (2, one completed), the others 1 completed call each; the completed calls of "top" are its own, not
     * lost among the others' (a metric asked on its own for its first 100 groups would not have reached "top").
     */
    @Test
    void aTablesMetricsFollowItsFirstMetricsGroupsHoweverManyThereAre() {
        assertThat(api.put("/internal/v1/customers/crowd", Tokens.service(tenant, "customers:write"), "{\"timezone\": \"UTC\"}").status())
                .isIn(200, 201);
        String time = D.atTime(11, 0).toInstant(ZoneOffset.UTC).toString();
        List<Map<String, Object>> calls = new java.util.ArrayList<>();
        for (int i = 1; i <= 105; i++) {
            calls.add(Events.event("crowd-" + i, "calls", "call", "crowd", time, Map.of("agent", "a%03d".formatted(i), "outcome", "completed")));
        }
        calls.add(Events.event("crowd-top-1", "calls", "call", "crowd", time, Map.of("agent", "top", "outcome", "completed")));
        calls.add(Events.event("crowd-top-2", "calls", "call", "crowd", time, Map.of("agent", "top", "outcome", "failed")));
        assertThat(api.postEvents(Tokens.service(tenant, "events:write"), calls).status()).isEqualTo(200);
        assertThat(define("""
                {"key": "busiest", "title": "Busiest agent", "scope": "customer", "sections": [{"title": "Agents", "blocks": [
                  {"type": "table", "query": {"metrics": ["calls", "completed_calls"], "group_by": ["agent"], "limit": 1}}]}]}""").status())
                .isEqualTo(201);

        Api.Reply report = api.get("/api/v1/reports/busiest?customer=crowd&format=json&days=7", analyst);
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        assertThat(ReportJson.rows(report.map(), "Agents")).containsExactly(List.of("top", 2, 1));
    }

    /**
     * Every built-in template over the longest period, 365 days, for a customer with orders in two currencies: no table
     * or chart asks for more cells than a query may hold (a daily table of money per currency asked for 100 groups
     * would be 365 × 100 × 2).
     */
    @Test
    void everyBuiltInTemplateRendersOverAYear() {
        String time = D.atTime(12, 0).toInstant(ZoneOffset.UTC).toString();
        assertThat(api.postEvents(Tokens.service(tenant, "events:write"), List.of(
                Events.event("o1", "shop", "order.placed", "acme", time, Map.of("order_id", "o1", "buyer", "b1", "vendor", "v1",
                        "product", "mug", "category", "kitchen", "amount", 20, "currency", "EUR", "items", 1)),
                Events.event("o2", "shop", "order.placed", "acme", time, Map.of("order_id", "o2", "buyer", "b2", "vendor", "v1",
                        "product", "mug", "category", "kitchen", "amount", 15, "currency", "USD", "items", 1)))).status()).isEqualTo(200);

        for (String template : List.of("usage-summary", "activity", "content-performance", "sales-overview", "usage-history", "billing-summary")) {
            String subject = template.equals("billing-summary") ? "" : "customer=acme&";
            Api.Reply report = api.get("/api/v1/reports/" + template + "?" + subject + "format=json&days=365", analyst);
            assertThat(report.status()).as(template + ": " + report.body()).isEqualTo(200);
        }
        Api.Reply sales = api.get("/api/v1/reports/sales-overview?customer=acme&format=json&days=365", analyst);
        // every day of the year in both currencies, the orders on their day
        List<List<Object>> daily = ReportJson.rows(sales.map(), "Daily sales");
        assertThat(daily).hasSize(365 * 2)
                .contains(List.of(D.toString(), "EUR", Map.of("amount", "20.00", "currency", "EUR"), 1),
                        List.of(D.toString(), "USD", Map.of("amount", "15.00", "currency", "USD"), 1));
    }
}
