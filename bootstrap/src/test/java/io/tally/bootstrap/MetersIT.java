package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A tenant's own meters: defined, changed and deleted by managers, audited, validated, and answered by the query API. */
@MicronautTest(transactional = false)
class MetersIT extends ApiTestSupport {

    static final String JSON = "application/json";
    /** The day the query fixtures happen: ten days ago on the test clock (UTC). */
    static final LocalDate DAY = TestClock.today(ZoneOffset.UTC).minusDays(10);
    static final LocalDate DAY_BEFORE = DAY.minusDays(1);
    static final String SLOWEST_COMPLETED = "{\"key\": \"slowest_completed_call\", \"name\": \"Slowest completed call\", "
            + "\"event_type\": \"call\", \"aggregation\": \"max\", \"measure\": \"duration_s\", \"filters\": {\"outcome\": \"completed\"}}";

    String manager;
    String viewer;

    @BeforeEach
    void tokens() {
        manager = Tokens.user(tenant, "manager");
        viewer = Tokens.user(tenant, "viewer");
    }

    List<Map<String, Object>> meters(String token) {
        Api.Reply reply = api.get("/api/v1/meters", token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.list();
    }

    @Test
    void aManagerDefinesChangesAndDeletesAMeterAndEachStepIsAudited() throws SQLException {
        Api.Reply created = api.post("/api/v1/meters", manager, JSON, SLOWEST_COMPLETED);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/meters/slowest_completed_call");
        assertThat(created.map()).containsEntry("key", "slowest_completed_call").containsEntry("aggregation", "max")
                .containsEntry("measure", "duration_s").containsEntry("filters", Map.of("outcome", "completed"))
                .containsEntry("group_by", List.of()).containsEntry("built_in", false);
        assertThat(api.get("/api/v1/meters/slowest_completed_call", viewer).map()).isEqualTo(created.map());

        Api.Reply changed = api.put("/api/v1/meters/slowest_completed_call", manager,
                "{\"name\": \"Slowest completed call (min)\", \"event_type\": \"call\", \"aggregation\": \"max\", "
                        + "\"measure\": \"duration_s\", \"filters\": {\"outcome\": \"completed\"}, \"divisor\": 60, \"decimals\": 1}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/meters/slowest_completed_call", viewer).map())
                .containsEntry("name", "Slowest completed call (min)").containsEntry("divisor", 60).containsEntry("decimals", 1);

        assertThat(api.delete("/api/v1/meters/slowest_completed_call", manager).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/meters/slowest_completed_call", viewer).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/meters/slowest_completed_call", manager).status()).isEqualTo(404);

        List<Map<String, Object>> audit = TestDb.auditEntries(tenant);
        assertThat(audit).extracting(entry -> entry.get("action")).containsExactly("meter.defined", "meter.changed", "meter.deleted");
        assertThat(audit).allSatisfy(entry -> assertThat(entry).containsEntry("target", "meter:slowest_completed_call")
                .containsEntry("actor", "user-of-" + tenant));
        assertThat((String) audit.get(1).get("details")).contains("\"from\": {").contains("\"divisor\": \"60\"").contains("\"decimals\": 1");
    }

    @Test
    void sendingTheSameDefinitionAgainIsNotAChange() throws SQLException {
        api.post("/api/v1/meters", manager, JSON, SLOWEST_COMPLETED);
        assertThat(api.put("/api/v1/meters/slowest_completed_call", manager, SLOWEST_COMPLETED).status()).isEqualTo(200);

        assertThat(TestDb.auditEntries(tenant)).extracting(entry -> entry.get("action")).containsExactly("meter.defined");
    }

    @Test
    void theListHoldsTheBuiltInMetersThenTheTenantsOwn() {
        api.post("/api/v1/meters", manager, JSON, SLOWEST_COMPLETED);
        List<Map<String, Object>> meters = meters(viewer);

        assertThat(meters).extracting(meter -> meter.get("key")).contains("api_calls_made", "exports_by_format", "storage_used_mb",
                "concurrent_sessions_peak", "transcription_minutes").endsWith("slowest_completed_call");
        assertThat(meters.subList(0, meters.size() - 1)).allSatisfy(meter -> assertThat(meter).containsEntry("built_in", true));
        assertThat(meters(Tokens.user(Tokens.freshTenant(), "viewer"))).extracting(meter -> meter.get("key"))
                .doesNotContain("slowest_completed_call");
    }

    @Test
    void keysInUseAndBuiltInMetersAreConflicts() {
        assertThat(api.post("/api/v1/meters", manager, JSON, SLOWEST_COMPLETED).status()).isEqualTo(201);

        Api.Reply again = api.post("/api/v1/meters", manager, JSON, SLOWEST_COMPLETED);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat((String) again.map().get("detail")).contains("slowest_completed_call");
        assertThat(api.post("/api/v1/meters", manager, JSON, SLOWEST_COMPLETED.replace("slowest_completed_call", "api_calls_made")).status())
                .isEqualTo(409);
        assertThat(api.put("/api/v1/meters/api_calls_made", manager, SLOWEST_COMPLETED.replace("slowest_completed_call", "api_calls_made"))
                .status()).isEqualTo(409);
        assertThat(api.delete("/api/v1/meters/api_calls_made", manager).status()).isEqualTo(409);
        assertThat(api.put("/api/v1/meters/no_such_meter", manager, SLOWEST_COMPLETED.replace("slowest_completed_call", "no_such_meter"))
                .status()).isEqualTo(404);
    }

    @Test
    void onlyManagersAndAboveChangeMetersAndEveryStaffRoleReadsThem() {
        for (String role : List.of("viewer", "analyst")) {
            Api.Reply reply = api.post("/api/v1/meters", Tokens.user(tenant, role), JSON, SLOWEST_COMPLETED);
            assertThat(reply.status()).as(role).isEqualTo(403);
        }
        for (String role : List.of("admin", "owner")) {
            Api.Reply reply = api.post("/api/v1/meters", Tokens.user(tenant, role), JSON, SLOWEST_COMPLETED.replace("slowest", role));
            assertThat(reply.status()).as(role).isEqualTo(201);
        }
        assertThat(api.delete("/api/v1/meters/admin_completed_call", Tokens.user(tenant, "analyst")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/meters/admin_completed_call", Tokens.user(tenant, "analyst")).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/meters", Tokens.service(tenant, "events:write")).status()).isEqualTo(401);
    }

    @Test
    void anotherTenantsMeterIsNotFoundAndNotQueryable() {
        api.post("/api/v1/meters", manager, JSON, SLOWEST_COMPLETED);
        String stranger = Tokens.user(Tokens.freshTenant(), "manager");

        assertThat(api.get("/api/v1/meters/slowest_completed_call", stranger).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/meters/slowest_completed_call", stranger).status()).isEqualTo(404);
        Api.Reply query = api.post("/api/v1/analytics/query", stranger, JSON, "{\"meter\": \"slowest_completed_call\", \"days\": 7}");
        assertThat(query.status()).isEqualTo(400);
        assertThat(query.errors()).singleElement().satisfies(error -> assertThat(error).containsEntry("field", "meter"));
        assertThat(api.get("/api/v1/meters/slowest_completed_call", viewer).status()).isEqualTo(200);
    }

    @Test
    void invalidDefinitionsNameTheFieldAtFault() {
        Map<String, String> cases = Map.of(
                "{\"key\": \"Bad Key\", \"name\": \"n\", \"event_type\": \"call\", \"aggregation\": \"count\"}", "key",
                "{\"key\": \"k\", \"name\": \"n\", \"event_type\": \"call\", \"aggregation\": \"median\"}", "aggregation",
                "{\"key\": \"k\", \"name\": \"n\", \"event_type\": \"call\", \"aggregation\": \"sum\"}", "measure",
                "{\"key\": \"k\", \"name\": \"n\", \"event_type\": \"call\", \"aggregation\": \"count\", \"measure\": \"x\"}", "measure",
                "{\"key\": \"k\", \"name\": \"n\", \"event_type\": \"call\", \"aggregation\": \"unique_count\"}", "dimension",
                "{\"key\": \"k\", \"name\": \"n\", \"event_type\": \"call\", \"aggregation\": \"count\", \"group_by\": [\"a\", \"b\", \"c\"]}", "group_by",
                "{\"key\": \"k\", \"name\": \"n\", \"event_type\": \"call\", \"aggregation\": \"count\", \"divisor\": 0}", "divisor",
                "{\"key\": \"k\", \"name\": \"n\", \"event_type\": \"call\", \"aggregation\": \"count\", \"decimals\": 13}", "decimals",
                "{\"key\": \"k\", \"name\": \"n\", \"event_type\": \"\", \"aggregation\": \"count\"}", "event_type",
                "{\"key\": \"k\", \"event_type\": \"call\", \"aggregation\": \"count\"}", "name");
        cases.forEach((body, field) -> {
            Api.Reply reply = api.post("/api/v1/meters", manager, JSON, body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.errors()).as(body).extracting(error -> error.get("field")).contains(field);
        });
        Api.Reply mismatch = api.put("/api/v1/meters/k", manager, "{\"key\": \"other\", \"name\": \"n\", \"event_type\": \"call\", \"aggregation\": \"count\"}");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.errors()).extracting(error -> error.get("field")).containsExactly("key");
        assertThat(meters(viewer)).noneMatch(meter -> Boolean.FALSE.equals(meter.get("built_in")));
    }

    @Test
    void theQueryAnswersATenantsMeterPerBucketAndGroup() {
        String events = Tokens.service(tenant, "events:write");
        api.post("/api/v1/meters", manager, JSON, "{\"key\": \"routes_used\", \"name\": \"Routes used\", \"event_type\": \"api.call\", "
                + "\"aggregation\": \"unique_count\", \"dimension\": \"route\", \"group_by\": [\"method\"]}");
        api.post("/api/v1/meters", manager, JSON, SLOWEST_COMPLETED);
        Api.Reply sent = api.postEvents(events, List.of(
                Events.event("1", "m", "api.call", "c1", DAY_BEFORE + "T09:00:00Z", Map.of("method", "POST", "route", "/c")),
                Events.event("2", "m", "api.call", "c1", DAY + "T09:00:00Z", Map.of("method", "GET", "route", "/a")),
                Events.event("3", "m", "api.call", "c2", DAY + "T10:00:00Z", Map.of("method", "GET", "route", "/a")),
                Events.event("4", "m", "api.call", "c1", DAY + "T11:00:00Z", Map.of("method", "GET", "route", "/b")),
                Events.event("5", "m", "api.call", "c2", DAY + "T12:00:00Z", Map.of("method", "POST", "route", "/a")),
                Events.event("6", "m", "call", "c1", DAY + "T09:00:00Z", Map.of("outcome", "completed", "duration_s", 30)),
                Events.event("7", "m", "call", "c1", DAY + "T10:00:00Z", Map.of("outcome", "failed", "duration_s", 900)),
                Events.event("8", "m", "call", "c2", DAY + "T11:00:00Z", Map.of("outcome", "completed", "duration_s", 45))));
        assertThat(sent.map()).containsEntry("accepted", 8);

        Api.Reply routes = api.post("/api/v1/analytics/query", viewer, JSON,
                "{\"meter\": \"routes_used\", \"from\": \"" + DAY_BEFORE + "\", \"to\": \"" + DAY + "\", \"tz\": \"UTC\"}");
        assertThat(routes.status()).as(routes.body()).isEqualTo(200);
        // GET: /a, /b on the day (2; /a twice counts once). POST: /c the day before, /a on the day: 2 over the period.
        // All methods together: /a, /b, /c.
        assertThat(routes.map().get("groups")).isEqualTo(List.of(
                Map.of("key", Map.of("method", "GET"), "values", List.of(0, 2), "total", total(2)),
                Map.of("key", Map.of("method", "POST"), "values", List.of(1, 1), "total", total(2))));
        assertThat(routes.map().get("totals")).isEqualTo(total(3));

        Api.Reply slowest = api.post("/api/v1/analytics/query", viewer, JSON,
                "{\"meter\": \"slowest_completed_call\", \"customer\": \"c1\", \"from\": \"" + DAY_BEFORE + "\", \"to\": \"" + DAY
                        + "\", \"tz\": \"UTC\"}");
        // c1's completed calls: 30 s on the day; the failed 900 s call is filtered out; nothing the day before.
        assertThat(((List<?>) slowest.map().get("groups"))).singleElement().satisfies(group ->
                assertThat(((Map<?, ?>) group).get("values")).isEqualTo(Arrays.asList(null, 30)));
    }

    static Map<String, Object> total(Object value) {
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("value", value);
        total.put("previous", null);
        total.put("growth_pct", null);
        return total;
    }

    @Test
    void queriesBeyondTheLimitsAreRefusedWithTheReason() {
        api.postEvents(Tokens.service(tenant, "events:write"),
                Events.event("1", "m", "api.call", "c1", DAY + "T09:00:00Z", Map.of("method", "GET", "route", "/a")));
        // 366 days, both ends included: one more than a period may have
        String tooLong = "{\"meter\": \"api_calls_made\", \"from\": \"" + DAY.minusDays(365) + "\", \"to\": \"" + DAY + "\"}";
        Map<String, String> cases = Map.of(
                "{\"meter\": \"no_such_meter\", \"days\": 7}", "meter",
                "{\"meter\": \"api_calls_made\", \"days\": 7, \"group_by\": [\"colour\"]}", "group_by",
                "{\"meter\": \"api_calls_made\", \"days\": 7, \"filters\": {\"colour\": \"red\"}}", "filters",
                "{\"meter\": \"api_calls_made\", \"days\": 7, \"group_by\": [\"method\", \"route\", \"status\"]}", "group_by",
                tooLong, "to",
                "{\"meter\": \"api_calls_made\", \"days\": 366}", "days",
                "{\"meter\": \"api_calls_made\", \"days\": 365, \"bucket\": \"hour\", \"group_by\": [\"method\"], \"limit\": 2}", "bucket",
                "{\"meter\": \"api_calls_made\", \"days\": 7, \"limit\": 101}", "limit",
                "{\"meter\": \"api_calls_made\", \"days\": 7, \"bucket\": \"fortnight\"}", "bucket",
                "{\"meter\": \"api_calls_made\", \"days\": 7, \"compare\": \"last_year\"}", "compare");
        cases.forEach((body, field) -> {
            Api.Reply reply = api.post("/api/v1/analytics/query", viewer, JSON, body);
            assertThat(reply.status()).as(body + " " + reply.body()).isEqualTo(400);
            assertThat(reply.errors()).as(body).extracting(error -> error.get("field")).contains(field);
        });
        Api.Reply hourly = api.post("/api/v1/analytics/query", viewer, JSON, "{\"meter\": \"api_calls_made\", \"days\": 365, \"bucket\": \"hour\"}");
        assertThat(hourly.status()).as("8,760 hourly cells of one group are allowed").isEqualTo(200);
    }
}
