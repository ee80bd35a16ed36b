package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Alert evaluation on two nodes over one database: both run the job runner, the rule is due every 10 s, and for a minute
 * its threshold is moved across the customer's value four times (fire, resolve, fire, resolve) while both nodes are also
 * asked to evaluate every rule as often as they answer ({@code POST /api/v1/admin/alerts/check}). Each transition is
 * written once and notified once: four webhook calls, their ids those of the four notified transitions.
 */
@MicronautTest(transactional = false)
@Property(name = "tally.webhook.allow-private", value = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertClusterIT extends ApiTestSupport {

    final WebhookReceiver receiver = new WebhookReceiver();

    @AfterAll
    void stop() {
        receiver.close();
    }

    Map<String, Object> rule(int threshold, boolean enabled, String path) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("name", "Cluster calls");
        rule.put("metric", "calls");
        rule.put("scope", Map.of("customer", "acme"));
        rule.put("window", "last_24_hours");
        rule.put("condition", Map.of("op", "above", "threshold", threshold));
        rule.put("severity", "critical");
        rule.put("evaluate_every", "10s");
        rule.put("channels", List.of(Map.of("type", "webhook", "url", receiver.url(path))));
        rule.put("enabled", enabled);
        return rule;
    }

    @Test
    void twoNodesEvaluatingEveryTenSecondsForAMinuteNotifyEachTransitionOnce() throws Exception {
        String manager = Tokens.user(tenant, "manager");
        String admin = Tokens.user(tenant, "admin");
        assertThat(api.put("/internal/v1/customers/acme", Tokens.service(tenant, "customers:write"),
                api.json(Map.of("display_name", "Acme", "timezone", "UTC"))).status()).isIn(200, 201);
        String at = TestClock.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(api.postEvents(Tokens.service(tenant, "events:write"), Events.batch(6, i -> Events.event("cluster-" + i, "calls", "call", "acme",
                at, Map.of("outcome", "completed")))).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/tenant/webhook-secret", Tokens.user(tenant, "owner"), "application/json", "").status()).isEqualTo(201);
        String path = "/cluster/" + tenant;

        try (ApplicationContext a = ScheduleClusterIT.node("alert-node-a"); ApplicationContext b = ScheduleClusterIT.node("alert-node-b")) {
            List<Api> nodes = List.of(new Api(a.getBean(EmbeddedServer.class).getURI(), json), new Api(b.getBean(EmbeddedServer.class).getURI(), json));
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger checks = new AtomicInteger();
            ExecutorService checkers = Executors.newFixedThreadPool(2);
            List<Future<?>> checking = new ArrayList<>();
            for (Api node : nodes) {
                checking.add(checkers.submit(() -> {
                    while (running.get()) {
                        Api.Reply checked = node.post("/api/v1/admin/alerts/check", admin, "application/json", "");
                        assertThat(checked.status()).as(checked.body()).isEqualTo(200);
                        checks.incrementAndGet();
                        Thread.sleep(300);
                    }
                    return null;
                }));
            }

            Api.Reply created = nodes.get(0).post("/api/v1/alerts", manager, "application/json", api.json(rule(5, true, path)));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = (String) created.map().get("id");
            Instant start = Instant.now();
            int[] thresholds = {100, 5, 100};
            for (int i = 0; i < thresholds.length; i++) {
                Thread.sleep(Duration.between(Instant.now(), start.plusSeconds(15L * (i + 1))).toMillis());
                Api.Reply changed = nodes.get(i % 2).put("/api/v1/alerts/" + id, manager, api.json(rule(thresholds[i], true, path)));
                assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            }
            Thread.sleep(Duration.between(Instant.now(), start.plusSeconds(60)).toMillis());
            running.set(false);
            for (Future<?> checker : checking) {
                checker.get();
            }
            checkers.shutdown();
            Api.Reply disabled = api.put("/api/v1/alerts/" + id, manager, api.json(rule(100, false, path)));
            assertThat(disabled.status()).isEqualTo(200);
            receiver.await(path, 5, Duration.ofSeconds(8));

            Api.Reply history = api.get("/api/v1/alerts/" + id + "/history?limit=200", manager);
            assertThat(history.status()).as(history.body()).isEqualTo(200);
            List<Map<String, Object>> transitions = history.items().reversed();
            assertThat(transitions).extracting(event -> event.get("from") + "->" + event.get("state"))
                    .containsExactly("ok->firing", "firing->ok", "ok->firing", "firing->ok");
            assertThat(transitions).allMatch(event -> Boolean.TRUE.equals(event.get("notified")));
            List<WebhookReceiver.Received> calls = receiver.received(path);
            assertThat(calls).hasSize(4);
            assertThat(calls).extracting(call -> call.header("webhook-id")).doesNotHaveDuplicates()
                    .containsExactlyElementsOf(transitions.stream().map(event -> (String) event.get("id")).toList());
            assertThat(checks.get()).as("evaluations asked of the two nodes besides their jobs").isGreaterThan(20);
            Map<String, Object> rule = api.get("/api/v1/alerts/" + id, manager).map();
            assertThat(rule.get("last_error")).isNull();
        }
    }
}
