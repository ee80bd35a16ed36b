package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Analytics reads on a read replica ({@code tally.db.read.url}), against a second node beside the test's own (which
 * has no replica): a "replica" that is the primary itself answers what the primary answers, with {@code as_of}; a
 * replica where nothing listens leaves the answers right and fast (they are read on the primary), and the health
 * check says the replica is degraded while the node stays up.
 */
@MicronautTest(transactional = false)
class ReadReplicaIT extends ApiTestSupport {

    private static final String JSON = "application/json";
    private static final String QUERY = """
            {"metrics": ["calls", "success_rate"], "days": 7, "tz": "UTC", "bucket": "day", "group_by": ["agent"]}""";

    private ApplicationContext startNode(String readUrl) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("tally.db.read.url", readUrl);
        properties.put("tally.db.read.probe-interval", "200ms");
        properties.put("tally.db.read.connect-timeout", "500ms");
        ApplicationContext context = ApplicationContext.run(properties, "test");
        context.getBean(EmbeddedServer.class).start();
        return context;
    }

    private void ingest(Api through) {
        String service = Tokens.service(tenant, "events:write");
        List<Map<String, Object>> events = Events.batch(30, i -> {
            Map<String, Object> call = new HashMap<>(Events.call("rr-" + i, "replica-customer-" + (i % 3)));
            call.put("data", Map.of("outcome", i % 5 == 0 ? "failed" : "completed", "agent", i % 2 == 0 ? "ana" : "ben",
                    "duration_s", 30 + i, "cost", 0.25, "currency", "USD"));
            return call;
        });
        Api.Reply reply = through.postEvents(service, events);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.map()).containsEntry("accepted", 30);
    }

    private static Map<String, Object> health(Api node) {
        Api.Reply reply = node.get("/health", null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.map();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Map<String, Object> health) {
        return (Map<String, Object>) health.get("details");
    }

    private static void awaitReplica(Api node, String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> details = details(health(node));
            if (details != null && state.equals(details.get("replica_state"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the replica did not become " + state + ": " + health(node));
    }

    /** An answer without its as_of, to compare answers read in two places. */
    private static Map<String, Object> withoutAsOf(Api.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Map<String, Object> answer = new HashMap<>(reply.map());
        assertThat(answer).containsKey("as_of");
        answer.remove("as_of");
        return answer;
    }

    /**
     * Two summaries read one after the other are the same, except for {@code api_calls_made}: Tally records each API
     * request as an api.call event off the request path, so the later read may count a request the earlier one did not.
     */
    @SuppressWarnings("unchecked")
    private static void assertSameSummary(Api.Reply earlier, Api.Reply later) {
        Map<String, Object> first = withoutAsOf(earlier);
        Map<String, Object> second = withoutAsOf(later);
        Map<String, Object> firstFigures = new HashMap<>((Map<String, Object>) first.get("figures"));
        Map<String, Object> secondFigures = new HashMap<>((Map<String, Object>) second.get("figures"));
        long callsFirst = ((Number) ((Map<String, Object>) firstFigures.remove("api_calls_made")).get("value")).longValue();
        long callsSecond = ((Number) ((Map<String, Object>) secondFigures.remove("api_calls_made")).get("value")).longValue();
        assertThat(callsSecond).as("api calls counted by the later read").isGreaterThanOrEqualTo(callsFirst);
        first.put("figures", firstFigures);
        second.put("figures", secondFigures);
        assertThat(first).isEqualTo(second);
    }

    private Map<String, Object> check(Api node, int amount, boolean reserve) {
        Api.Reply reply = node.post("/internal/v1/quota-checks", Tokens.service(tenant, "quota:read"), JSON,
                api.json(Map.of("customer", "replica-customer-0", "meter", "calls", "amount", amount, "reserve", reserve)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.map();
    }

    private static String freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return String.valueOf(socket.getLocalPort());
        }
    }

    @Test
    void aReplicaThatIsThePrimaryAnswersAsThePrimaryWithAsOf() throws Exception {
        try (ApplicationContext context = startNode(System.getProperty("datasources.default.url"))) {
            Api replicaNode = new Api(context.getBean(EmbeddedServer.class).getURI(), json);
            awaitReplica(replicaNode, "up");
            // ingest goes through the node that reads on the replica: writes are never routed there (its pool is read-only)
            ingest(replicaNode);
            String viewer = Tokens.user(tenant, "viewer");

            Instant before = Instant.now();
            Api.Reply onReplica = replicaNode.post("/api/v1/analytics/query", viewer, JSON, QUERY);
            Instant after = Instant.now();
            Api.Reply onPrimary = api.post("/api/v1/analytics/query", viewer, JSON, QUERY);

            assertThat(withoutAsOf(onReplica)).isEqualTo(withoutAsOf(onPrimary));
            assertThat(onPrimary.map().get("as_of")).isNull();
            Instant asOf = Instant.parse((String) onReplica.map().get("as_of"));
            // a database that is not in recovery is current: as of the moment the answer was read
            assertThat(asOf).isBetween(before.minusSeconds(1), after.plusSeconds(1));
            @SuppressWarnings("unchecked")
            Map<String, Object> totals = (Map<String, Object>) ((List<Map<String, Object>>) onReplica.map().get("series")).getFirst().get("totals");
            assertThat(((Number) totals.get("value")).intValue()).isEqualTo(30);

            Api.Reply summaryOnReplica = replicaNode.get("/api/v1/usage/summary?days=7&tz=UTC", viewer);
            Api.Reply summaryOnPrimary = api.get("/api/v1/usage/summary?days=7&tz=UTC", viewer);
            assertSameSummary(summaryOnReplica, summaryOnPrimary);
            assertThat(summaryOnReplica.map().get("as_of")).isNotNull();
            assertThat(summaryOnPrimary.map().get("as_of")).isNull();

            // a quota check that reserves writes and reads its own write: on the primary, from the replica's node too
            Api.Reply plan = replicaNode.post("/api/v1/plans", Tokens.user(tenant, "manager"), JSON, api.json(Map.of("key", "rr", "name", "RR",
                    "limits", List.of(Map.of("meter", "calls", "amount", 1000, "period", "calendar_month", "enforcement", "hard")))));
            assertThat(plan.status()).as(plan.body()).isEqualTo(201);
            Api.Reply profile = replicaNode.put("/internal/v1/customers/replica-customer-0", Tokens.service(tenant, "customers:write"),
                    api.json(Map.of("plan", "rr")));
            assertThat(profile.status()).as(profile.body()).isIn(200, 201);
            int used = ((Number) check(replicaNode, 1, false).get("used")).intValue();
            Map<String, Object> reserved = check(replicaNode, 2, true);
            assertThat(reserved).containsEntry("allowed", true).containsEntry("reserved", true).containsEntry("used", used + 2);
            assertThat(check(replicaNode, 1, false)).containsEntry("used", used + 2);

            // a dashboard's widgets are read on the replica too, and say as of when
            Api.Reply dashboards = replicaNode.get("/api/v1/dashboards", viewer);
            assertThat(dashboards.status()).as(dashboards.body()).isEqualTo(200);
            String id = (String) dashboards.items().getFirst().get("id");
            Api.Reply data = replicaNode.get("/api/v1/dashboards/" + id + "/data", viewer);
            assertThat(data.status()).as(data.body()).isEqualTo(200);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> widgets = (List<Map<String, Object>>) data.map().get("widgets");
            assertThat(widgets).isNotEmpty().allSatisfy(widget -> assertThat(widget).containsKey("as_of"));

            Map<String, Object> details = details(health(replicaNode));
            assertThat(health(replicaNode)).containsEntry("status", "UP");
            assertThat(details).containsEntry("replica", "up").containsEntry("replica_state", "up").containsKey("replica_lag_seconds");
            // the node without a replica answers its status alone, as before
            assertThat(health(api)).isEqualTo(Map.of("status", "UP"));
            assertThat(replicaNode.get("/metrics", null).body()).contains("tally_replica_up 1.0").contains("tally_replica_lag_seconds");
        }
    }

    @Test
    void aReplicaWhereNothingListensLeavesReadsOnThePrimaryQuicklyAndHealthDegraded() throws Exception {
        String nowhere = "jdbc:postgresql://127.0.0.1:" + freePort() + "/tally_replica_nowhere";
        try (ApplicationContext context = startNode(nowhere)) {
            Api replicaNode = new Api(context.getBean(EmbeddedServer.class).getURI(), json);
            ingest(api);
            String viewer = Tokens.user(tenant, "viewer");
            Api.Reply onPrimary = api.post("/api/v1/analytics/query", viewer, JSON, QUERY);

            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                Api.Reply fallback = replicaNode.post("/api/v1/analytics/query", viewer, JSON, QUERY);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(withoutAsOf(fallback)).isEqualTo(withoutAsOf(onPrimary));
                assertThat(fallback.map().get("as_of")).as("read on the primary").isNull();
                assertThat(took).as("request %d", i).isLessThan(Duration.ofSeconds(2));
            }
            awaitReplica(replicaNode, "down");
            Map<String, Object> health = health(replicaNode);
            assertThat(health).containsEntry("status", "UP");
            assertThat(details(health)).containsEntry("replica", "degraded").doesNotContainKey("replica_lag_seconds");
            String metrics = replicaNode.get("/metrics", null).body();
            assertThat(metrics).contains("tally_replica_up 0.0").contains("tally_replica_lag_seconds NaN");

            long start = System.nanoTime();
            Api.Reply summary = replicaNode.get("/api/v1/usage/summary?days=7&tz=UTC", viewer);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertSameSummary(summary, api.get("/api/v1/usage/summary?days=7&tz=UTC", viewer));
        }
    }
}
