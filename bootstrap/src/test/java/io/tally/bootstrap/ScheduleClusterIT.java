package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Schedules on more than one node over one database: the API server here runs no jobs; the nodes the tests start do.
 * Two nodes run an every-minute schedule for three minutes: three runs, three webhook calls. A node killed (SIGKILL, a
 * JVM of its own) in the middle of a run leaves it to the other node, which makes it and delivers it once.
 */
@MicronautTest(transactional = false)
@Property(name = "tally.webhook.allow-private", value = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduleClusterIT extends ApiTestSupport {

    final WebhookReceiver receiver = new WebhookReceiver();
    String manager;

    @AfterAll
    void stop() {
        receiver.close();
    }

    @BeforeEach
    void customer() {
        manager = Tokens.user(tenant, "manager");
        Api.Reply customer = api.put("/internal/v1/customers/acme", Tokens.service(tenant, "customers:write"),
                api.json(Map.of("display_name", "Acme", "timezone", "UTC")));
        assertThat(customer.status()).as(customer.body()).isIn(200, 201);
        assertThat(api.postEvents(Tokens.service(tenant, "events:write"), List.of(Events.call("c-1", "acme"))).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/tenant/webhook-secret", Tokens.user(tenant, "owner"), "application/json", "").status()).isEqualTo(201);
    }

    /** A node in this JVM that runs jobs. */
    static ApplicationContext node(String name) {
        ApplicationContext context = ApplicationContext.run(Map.of("micronaut.server.port", -1, "tally.jobs.enabled", true,
                "tally.webhook.allow-private", true, "tally.node-name", name), "test");
        context.getBean(EmbeddedServer.class).start();
        return context;
    }

    Map<String, Object> create(String cron, String path) {
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("name", "Cluster " + cron);
        schedule.put("report", "activity");
        schedule.put("params", Map.of("customer", "acme", "period", "last_7_days"));
        schedule.put("formats", List.of("csv"));
        schedule.put("cron", cron);
        schedule.put("timezone", "Asia/Kolkata");
        schedule.put("channels", List.of(Map.of("type", "webhook", "url", receiver.url(path)), Map.of("type", "storage")));
        Api.Reply created = api.post("/api/v1/schedules", manager, "application/json", api.json(schedule));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.map();
    }

    List<Map<String, Object>> runs(String schedule) {
        Api.Reply runs = api.get("/api/v1/schedules/" + schedule + "/runs?limit=100", manager);
        assertThat(runs.status()).as(runs.body()).isEqualTo(200);
        return runs.items();
    }

    static boolean finished(Map<String, Object> run) {
        return List.of("succeeded", "failed", "partially_failed").contains(run.get("status"));
    }

    @Test
    void twoNodesRunAnEveryMinuteScheduleForThreeMinutesExactlyThreeTimes() throws Exception {
        try (ApplicationContext a = node("node-a"); ApplicationContext b = node("node-b")) {
            String path = "/minutely/" + tenant;
            Map<String, Object> created = create("* * * * *", path);
            String id = (String) created.get("id");
            @SuppressWarnings("unchecked")
            List<Instant> due = ((List<String>) created.get("next_runs")).stream().map(at -> OffsetDateTime.parse(at).toInstant()).toList();
            assertThat(Duration.between(due.get(0), due.get(1))).isEqualTo(Duration.ofMinutes(1));

            Instant end = Instant.now().plus(Duration.ofMinutes(4));
            List<Map<String, Object>> runs = runs(id);
            while (!(runs.size() >= 3 && runs.stream().allMatch(ScheduleClusterIT::finished)) && Instant.now().isBefore(end)) {
                Thread.sleep(500);
                runs = runs(id);
            }
            Api.Reply paused = api.post("/api/v1/schedules/" + id + "/pause", manager, "application/json", "");
            assertThat(paused.status()).isEqualTo(200);
            Thread.sleep(3_000);

            runs = runs(id);
            assertThat(runs).hasSize(3);
            assertThat(runs).allMatch(run -> "succeeded".equals(run.get("status")), "every run succeeded");
            assertThat(runs).extracting(run -> Instant.parse((String) run.get("fire_time"))).containsExactlyInAnyOrder(due.get(0), due.get(1),
                    due.get(2));
            assertThat(runs).allMatch(run -> ((Number) run.get("attempts")).intValue() == 1, "each run made once");
            assertThat(runs).extracting(run -> run.get("node")).allMatch(node -> "node-a".equals(node) || "node-b".equals(node));
            List<WebhookReceiver.Received> calls = receiver.received(path);
            assertThat(calls).hasSize(3);
            assertThat(calls).extracting(call -> call.header("webhook-id")).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(runs.stream().map(run -> (String) run.get("idempotency_key")).toList());
        }
    }

    @Test
    void aNodeKilledDuringARunLeavesItToTheOtherWhichDeliversItOnce() throws Exception {
        Process doomed = startNode("doomed", "tally.test.slow-render", "60s");
        try {
            String path = "/taken-over/" + tenant;
            String id = (String) create("0 9 * * 1", path).get("id");
            Api.Reply started = api.post("/api/v1/schedules/" + id + "/run", manager, "application/json", "");
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            String run = (String) started.map().get("id");

            Instant end = Instant.now().plus(Duration.ofSeconds(60));
            Map<String, Object> seen = runs(id).getFirst();
            while (!("running".equals(seen.get("status")) && "doomed".equals(seen.get("node"))) && Instant.now().isBefore(end)) {
                Thread.sleep(200);
                seen = runs(id).getFirst();
            }
            assertThat(seen).as("the doomed node took the run").containsEntry("status", "running").containsEntry("node", "doomed");

            doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            try (ApplicationContext survivor = node("survivor")) {
                end = Instant.now().plus(Duration.ofSeconds(60));
                Map<String, Object> taken = runs(id).getFirst();
                while (!finished(taken) && Instant.now().isBefore(end)) {
                    Thread.sleep(200);
                    taken = runs(id).getFirst();
                }
                assertThat(taken).as(taken.toString()).containsEntry("id", run).containsEntry("status", "succeeded")
                        .containsEntry("node", "survivor").containsEntry("attempts", 2);
                Thread.sleep(2_000);
                List<WebhookReceiver.Received> calls = receiver.received(path);
                assertThat(calls).hasSize(1);
                assertThat(calls.getFirst().header("webhook-id")).isEqualTo(taken.get("idempotency_key"));
                @SuppressWarnings("unchecked")
                Map<String, Object> file = ((List<Map<String, Object>>) taken.get("files")).getFirst();
                Api.Binary csv = api.download((String) file.get("url"), manager);
                assertThat(csv.status()).isEqualTo(200);
                assertThat(csv.body()).hasSize(((Number) file.get("bytes")).intValue());
                assertThat(ScheduleIT.sha256(csv.body())).isEqualTo(file.get("sha256"));
                assertThat(csv.text()).contains("Acme");
            }
        } finally {
            doomed.destroyForcibly();
        }
    }

    /** A node in a JVM of its own on the test classpath and database; answers once it serves. */
    static Process startNode(String name, String... properties) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        for (String key : List.of("datasources.default.url", "datasources.default.username", "datasources.default.password")) {
            if (System.getProperty(key) != null) {
                command.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        if (System.getProperty(TestClock.PROPERTY) != null) {
            command.add("-D" + TestClock.PROPERTY + "=" + TestClock.now());
        }
        command.add("-Dtally.jobs.enabled=true");
        command.add("-Dtally.webhook.allow-private=true");
        command.add("-Dtally.node-name=" + name);
        for (int i = 0; i < properties.length; i += 2) {
            command.add("-D" + properties[i] + "=" + properties[i + 1]);
        }
        command.add(TestNode.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    System.out.println("[" + name + "] " + line);
                    if (line.startsWith("READY ")) {
                        ready.complete(line.substring(6));
                    }
                }
            } catch (java.io.IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("node " + name + " ended before it served"));
        }, "node-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
        ready.get(60, TimeUnit.SECONDS);
        return process;
    }
}
