package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Saved queries with a customer and a period parameter, run by their owner, by a customer-scoped token and by
 * another user; versions kept on update; run statistics counted.
 *
 * <pre>
 * call events (UTC), D = three days ago on the test clock:
 *   alpha: 2 calls on D, 1 on D+1, 3 on D+2
 *   beta:  1 call on D+2
 * </pre>
 */
@MicronautTest(transactional = false)
class SavedQueriesIT extends ApiTestSupport {

    static final String JSON = "application/json";
    static final LocalDate D = TestClock.today(ZoneOffset.UTC).minusDays(3);
    /** Calls of a customer per day over a relative period; shared with the tenant. */
    static final String CALLS_OF_A_CUSTOMER = """
            {"name": "Calls of a customer", "description": "Daily calls", "visibility": "tenant",
             "query": {"metric": "calls", "customer": "{{customer}}", "period": "{{period}}", "tz": "UTC"},
             "params": [{"name": "customer", "type": "customer", "required": true},
                        {"name": "period", "type": "period", "default": "last_7_days", "allowed": ["last_7_days", "last_30_days"]}]}""";

    String owner;
    String id;
    int sequence;

    @BeforeEach
    void fixture() {
        owner = Tokens.user(tenant, "analyst");
        for (String customer : List.of("alpha", "beta")) {
            assertThat(api.put("/internal/v1/customers/" + customer, Tokens.service(tenant, "customers:write"), "{\"timezone\": \"UTC\"}")
                    .status()).isIn(200, 201);
        }
        call("alpha", D, 2);
        call("alpha", D.plusDays(1), 1);
        call("alpha", D.plusDays(2), 3);
        call("beta", D.plusDays(2), 1);
        Api.Reply saved = api.post("/api/v1/queries", owner, JSON, CALLS_OF_A_CUSTOMER);
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        id = saved.map().get("id").toString();
        assertThat(saved.headers().firstValue("Location")).hasValue("/api/v1/queries/" + id);
        assertThat(saved.map()).containsEntry("visibility", "tenant").containsEntry("version", 1).containsEntry("owner", "user-of-" + tenant);
        assertThat(saved.map().get("params")).isEqualTo(List.of(
                MetricsIT.mapOf("name", "customer", "type", "customer", "default", null, "required", true, "allowed", List.of()),
                MetricsIT.mapOf("name", "period", "type", "period", "default", "last_7_days", "required", false,
                        "allowed", List.of("last_7_days", "last_30_days"))));
    }

    void call(String customer, LocalDate day, int count) {
        for (int i = 0; i < count; i++) {
            Api.Reply reply = api.postEvents(Tokens.service(tenant, "events:write"), Events.event("q-" + sequence++, "calls", "call", customer,
                    day.atTime(9, i).toInstant(ZoneOffset.UTC).toString(), Map.of("outcome", "completed")));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
    }

    Api.Reply run(String token, String params) {
        return api.post("/api/v1/queries/" + id + "/run", token, JSON, "{\"params\": " + params + "}");
    }

    @SuppressWarnings("unchecked")
    static List<Object> values(Api.Reply reply) {
        Map<String, Object> series = ((List<Map<String, Object>>) reply.map().get("series")).getFirst();
        return (List<Object>) ((List<Map<String, Object>>) series.get("groups")).getFirst().get("values");
    }

    String otherUser(String... roles) {
        return Tokens.MINTER.userToken(tenant, "someone-else", List.of(roles), List.of(), Instant.now(), Duration.ofMinutes(10));
    }

    @Test
    void theOwnerRunsItWithTheParametersAndTheDefaults() {
        Api.Reply defaults = run(owner, "{\"customer\": \"alpha\"}");

        assertThat(defaults.status()).as(defaults.body()).isEqualTo(200);
        assertThat(defaults.map()).containsEntry("customer", "alpha").containsEntry("bucket", "day");
        LocalDate today = TestClock.today(ZoneOffset.UTC);
        assertThat(defaults.map().get("period")).isEqualTo(Map.of("from", today.minusDays(6).toString(), "to", today.toString(),
                "timezone", "UTC"));
        // last_7_days: D−3 … D+3 (today); alpha called 2, 1, 3 times on D, D+1, D+2
        assertThat(values(defaults)).containsExactly(0, 0, 0, 2, 1, 3, 0);

        Api.Reply month = run(owner, "{\"customer\": \"beta\", \"period\": \"last_30_days\"}");
        assertThat(month.status()).as(month.body()).isEqualTo(200);
        assertThat(values(month)).hasSize(30).containsOnly(0, 1);
        // today − 29 … today: beta's call on D+2, yesterday
        assertThat(values(month).get(28)).isEqualTo(1);
    }

    @Test
    void aCustomerScopedTokenRunsItForItsOwnCustomerOnly() {
        String alphaOnly = Tokens.customerUser(tenant, List.of("alpha"), "viewer");

        Api.Reply own = run(alphaOnly, "{\"customer\": \"alpha\"}");
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(values(own)).containsExactly(0, 0, 0, 2, 1, 3, 0);
        assertThat(own.body()).isEqualTo(run(owner, "{\"customer\": \"alpha\"}").body());

        assertThat(run(alphaOnly, "{\"customer\": \"beta\"}").status()).isEqualTo(404);
        assertThat(run(alphaOnly, "{\"customer\": \"nobody\"}").status()).isEqualTo(404);
    }

    @Test
    void anotherUsersPrivateQueryDoesNotExistForThem() {
        Api.Reply mine = api.post("/api/v1/queries", owner, JSON, CALLS_OF_A_CUSTOMER.replace("\"tenant\"", "\"private\""));
        assertThat(mine.status()).as(mine.body()).isEqualTo(201);
        String privateId = mine.map().get("id").toString();
        String other = otherUser("manager");

        assertThat(api.get("/api/v1/queries/" + privateId, other).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/queries/" + privateId + "/run", other, JSON, "{\"params\": {\"customer\": \"alpha\"}}").status())
                .isEqualTo(404);
        assertThat(api.delete("/api/v1/queries/" + privateId, other).status()).isEqualTo(404);
        // the shared one they see and run; the list shows them the shared one only
        assertThat(api.post("/api/v1/queries/" + id + "/run", other, JSON, "{\"params\": {\"customer\": \"alpha\"}}").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/queries", other).items()).extracting(q -> q.get("id")).containsExactly(id);
        assertThat(api.get("/api/v1/queries", owner).items()).extracting(q -> q.get("id")).containsExactly(id, privateId);
    }

    @Test
    void badParametersAreRefusedNamingThem() {
        Api.Reply missing = run(owner, "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errors()).containsExactly(Map.of("field", "params.customer", "message", "is required"));

        Api.Reply unknown = run(owner, "{\"customer\": \"alpha\", \"days\": 3}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errors()).extracting(e -> e.get("field")).containsExactly("params.days");

        Api.Reply notAllowed = run(owner, "{\"customer\": \"alpha\", \"period\": \"this_quarter\"}");
        assertThat(notAllowed.status()).isEqualTo(400);
        assertThat(notAllowed.errors()).containsExactly(Map.of("field", "params.period", "message",
                "must be one of [last_7_days, last_30_days]"));
    }

    @Test
    void badDefinitionsAreRefusedWhenSaved() {
        Api.Reply undeclared = api.post("/api/v1/queries", owner, JSON, """
                {"name": "x", "query": {"metric": "calls", "customer": "{{who}}"}}""");
        assertThat(undeclared.status()).isEqualTo(400);
        assertThat(undeclared.errors()).extracting(e -> e.get("field")).containsExactly("query.customer");

        Api.Reply unknownMetric = api.post("/api/v1/queries", owner, JSON, """
                {"name": "x", "query": {"metric": "nothing_like_it"}}""");
        assertThat(unknownMetric.status()).isEqualTo(400);
        assertThat(unknownMetric.errors()).extracting(e -> e.get("field")).containsExactly("query.metric");

        Api.Reply badField = api.post("/api/v1/queries", owner, JSON, """
                {"name": "x", "query": {"metric": "calls", "bucket": "{{size}}"},
                 "params": [{"name": "size", "type": "dimension_value", "default": "fortnight"}]}""");
        assertThat(badField.status()).isEqualTo(400);
        assertThat(badField.errors()).extracting(e -> e.get("field")).containsExactly("query.bucket");

        Api.Reply viewerShares = api.post("/api/v1/queries", Tokens.user(tenant, "viewer"), JSON, CALLS_OF_A_CUSTOMER);
        assertThat(viewerShares.status()).as(viewerShares.body()).isEqualTo(403);
        Api.Reply viewerKeeps = api.post("/api/v1/queries", Tokens.user(tenant, "viewer"), JSON,
                CALLS_OF_A_CUSTOMER.replace("\"tenant\"", "\"private\""));
        assertThat(viewerKeeps.status()).as(viewerKeeps.body()).isEqualTo(201);
    }

    @Test
    void everyUpdateKeepsThePreviousVersion() throws SQLException {
        Api.Reply changed = api.put("/api/v1/queries/" + id, owner, CALLS_OF_A_CUSTOMER.replace("Calls of a customer", "Weekly calls")
                .replace("\"tz\": \"UTC\"", "\"tz\": \"UTC\", \"bucket\": \"week\""));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.map()).containsEntry("version", 2).containsEntry("name", "Weekly calls");

        Api.Reply versions = api.get("/api/v1/queries/" + id + "/versions", owner);
        assertThat(versions.status()).as(versions.body()).isEqualTo(200);
        assertThat(versions.items()).extracting(v -> v.get("version")).containsExactly(2, 1);
        assertThat(versions.items()).extracting(v -> v.get("name")).containsExactly("Weekly calls", "Calls of a customer");
        assertThat(((Map<?, ?>) versions.items().get(1).get("query")).containsKey("bucket")).isFalse();

        // a manager may change a shared query; a viewer who is not its owner may not
        assertThat(api.put("/api/v1/queries/" + id, otherUser("viewer"), CALLS_OF_A_CUSTOMER).status()).isEqualTo(403);
        assertThat(api.put("/api/v1/queries/" + id, otherUser("manager"), CALLS_OF_A_CUSTOMER).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/queries/" + id + "/versions?limit=2", owner).map().get("next_cursor")).isNotNull();
        assertThat(TestDb.auditEntries(tenant)).filteredOn(entry -> entry.get("target").equals("query:" + id))
                .extracting(entry -> entry.get("action")).containsExactly("query.saved", "query.changed", "query.changed");
    }

    @Test
    void everyRunIsCounted() {
        Map<String, Object> before = api.get("/api/v1/queries/" + id, owner).map();
        assertThat(before).containsEntry("run_count", 0).containsEntry("last_run_at", null)
                .containsEntry("duration_ms", MetricsIT.mapOf("p50", null, "p95", null));

        for (int i = 0; i < 3; i++) {
            assertThat(run(owner, "{\"customer\": \"alpha\"}").status()).isEqualTo(200);
        }
        assertThat(run(owner, "{}").status()).as("a refused run is not a run").isEqualTo(400);

        Map<String, Object> after = api.get("/api/v1/queries/" + id, owner).map();
        assertThat(after).containsEntry("run_count", 3);
        assertThat(Instant.parse(after.get("last_run_at").toString())).isBetween(TestClock.now().minusSeconds(60), TestClock.now());
        Map<?, ?> durations = (Map<?, ?>) after.get("duration_ms");
        assertThat(((Number) durations.get("p50")).longValue()).isNotNegative();
        assertThat(((Number) durations.get("p95")).longValue()).isGreaterThanOrEqualTo(((Number) durations.get("p50")).longValue());
    }
}
