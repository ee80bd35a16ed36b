import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two-node benchmark (bench/cluster.sh): node 1 reads and writes on the primary, node 2 reads analytics on a
 * streaming replica. Prints each check as "check.NAME=PASS|FAIL" with its numbers as key=value lines.
 *
 * <p>Arguments: node 1's URL, node 2's URL, the primary's JDBC URL (the benchmark's database). Environment: the tokens
 * (BENCH_*_TOKEN), the nodes' process ids (BENCH_NODE1_PID, BENCH_NODE2_PID) and the command that stops the replica
 * (BENCH_REPLICA_STOP).
 */
public class ClusterBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Map<String, List<String>> WEBHOOKS = new ConcurrentHashMap<>();
    static final List<String> FAILED = new CopyOnWriteArrayList<>();
    static String node1;
    static String node2;
    static String primaryUrl;

    public static void main(String[] args) throws Exception {
        node1 = args[0];
        node2 = args[1];
        primaryUrl = args[2];
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            WEBHOOKS.computeIfAbsent(exchange.getRequestURI().getPath(), path -> new CopyOnWriteArrayList<>())
                    .add(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort();

        awaitReplica(node2, "up", Duration.ofSeconds(30));
        send(node1, "POST", "/api/v1/tenant/webhook-secret", token("OWNER"), "application/json", "", 201);
        send(node1, "PUT", "/internal/v1/customers/acme", token("SERVICE"), "application/json",
                "{\"display_name\": \"Acme\", \"timezone\": \"UTC\"}", -1);
        ingest(node1, "acme", "acme", 20, Instant.now().minus(10, ChronoUnit.MINUTES));

        // started first: they run (and are counted) while the other checks go on
        Instant jobsStart = Instant.now();
        String schedule = createSchedule(hook + "/schedule");
        Map<String, Double> evaluationsBefore = alertEvaluations();
        String rule = createRule(hook + "/alert", true);

        visibilityThroughTheReplica();
        exportsRunOnce();
        schedulesAndAlertsRunOnce(schedule, rule, jobsStart, evaluationsBefore);
        replicaStopped();
        killedNodeMidExport();

        receiver.stop(0);
        System.out.println("checks.failed=" + (FAILED.isEmpty() ? "none" : String.join(",", FAILED)));
        System.exit(FAILED.isEmpty() ? 0 : 1);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Batches of calls ingested through node 1, each asked through node 2 (the replica) until it shows. */
    static void visibilityThroughTheReplica() throws Exception {
        List<Long> visibleMs = new ArrayList<>();
        List<Double> replayLagMs = new ArrayList<>();
        List<Double> asOfBehindMs = new ArrayList<>();
        boolean allFromReplica = true;
        for (int round = 0; round < 10; round++) {
            String customer = "lag-" + round;
            ingest(node1, customer, "lag" + round, 200, Instant.now().minus(5, ChronoUnit.MINUTES));
            long start = System.nanoTime();
            long deadline = start + Duration.ofSeconds(10).toNanos();
            JsonNode answer = null;
            while (System.nanoTime() < deadline) {
                answer = calls(node2, customer);
                if (total(answer) == 200) {
                    break;
                }
                Thread.sleep(2);
            }
            long took = (System.nanoTime() - start) / 1_000_000;
            if (answer == null || total(answer) != 200) {
                fail("replica_visibility", "batch " + round + " not visible through node 2 after 10 s");
                return;
            }
            visibleMs.add(took);
            if (answer.path("as_of").isNull()) {
                allFromReplica = false;
            } else {
                asOfBehindMs.add((double) Duration.between(Instant.parse(answer.get("as_of").asText()), Instant.now()).toMillis());
            }
            replayLagMs.add(replayLagMillis());
        }
        Collections.sort(visibleMs);
        double lagMax = replayLagMs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        System.out.println("replica_visibility.batches=10 x 200 events through node 1, asked through node 2 every 2 ms");
        System.out.println("replica_visibility.visible_ms.p50=" + visibleMs.get(visibleMs.size() / 2) + " max=" + visibleMs.getLast());
        System.out.println("replica_visibility.replay_lag_ms.max=" + String.format("%.1f", lagMax)
                + " (pg_stat_replication.replay_lag on the primary after each batch)");
        System.out.println("replica_visibility.answers_with_as_of=" + asOfBehindMs.size() + "/10, as_of behind the answer's arrival max_ms="
                + asOfBehindMs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        JsonNode health = health(node2);
        System.out.println("replica_visibility.node2_health=" + health);
        // within the replica lag: the replica's replay lag plus the time of one query and one poll
        boolean pass = allFromReplica && visibleMs.getLast() <= Math.max(lagMax, 0) + 1_000;
        check("replica_visibility", pass, "every batch visible through node 2, read on the replica (as_of set), within the replay lag + 1 s");
    }

    /** Six async exports, three through each node: each succeeds after one attempt, and each is recorded once. */
    static void exportsRunOnce() throws Exception {
        long recordedBefore = scalar("SELECT count(*) FROM usage_event e JOIN tenant t USING (tenant_id) WHERE t.tenant_key = 'cluster' AND e.type = 'export.generated'");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            JsonNode job = send(i % 2 == 0 ? node1 : node2, "POST", "/api/v1/exports", token("ANALYST"), "application/json",
                    "{\"report\": \"activity\", \"customer\": \"acme\", \"days\": 7, \"format\": \"csv\"}", 202);
            ids.add(job.get("id").asText());
        }
        for (String id : ids) {
            awaitExport(id, "succeeded", Duration.ofSeconds(60));
        }
        long attemptsTotal = 0;
        for (String id : ids) {
            attemptsTotal += scalar("SELECT attempts FROM export_job WHERE job_id = '" + id + "'::uuid");
        }
        long recorded = scalar("SELECT count(*) FROM usage_event e JOIN tenant t USING (tenant_id) WHERE t.tenant_key = 'cluster' AND e.type = 'export.generated'")
                - recordedBefore;
        System.out.println("exports.jobs=6 succeeded, attempts=" + attemptsTotal + ", export.generated events=" + recorded);
        check("exports_once", attemptsTotal == 6 && recorded == 6, "six jobs through two nodes: six attempts, six exports recorded");
    }

    /** The minutely schedule's first two fires and the alert rule evaluated every 10 s by two nodes. */
    static void schedulesAndAlertsRunOnce(String schedule, String rule, Instant start, Map<String, Double> evaluationsBefore) throws Exception {
        JsonNode runs = null;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            runs = send(node1, "GET", "/api/v1/schedules/" + schedule + "/runs?limit=100", token("MANAGER"), null, null, 200).get("items");
            if (runs.size() >= 2 && finished(runs) && WEBHOOKS.getOrDefault("/schedule", List.of()).size() >= 2) {
                break;
            }
            Thread.sleep(500);
        }
        send(node1, "POST", "/api/v1/schedules/" + schedule + "/pause", token("MANAGER"), "application/json", "", 200);
        Map<String, Double> evaluationsAfter = alertEvaluations();
        Instant end = Instant.now();
        createRuleDisabled(rule);
        Thread.sleep(3_000);
        runs = send(node1, "GET", "/api/v1/schedules/" + schedule + "/runs?limit=100", token("MANAGER"), null, null, 200).get("items");
        List<String> fireTimes = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        int attempts = 0;
        boolean succeeded = true;
        for (JsonNode run : runs) {
            fireTimes.add(run.get("fire_time").asText());
            nodes.add(run.path("node").asText());
            attempts += run.get("attempts").asInt();
            succeeded &= "succeeded".equals(run.get("status").asText());
        }
        List<String> scheduleHooks = WEBHOOKS.getOrDefault("/schedule", List.of());
        System.out.println("schedule.runs=" + runs.size() + " fire_times=" + fireTimes + " nodes=" + nodes + " attempts=" + attempts
                + " webhooks=" + scheduleHooks.size() + " distinct_webhook_ids=" + scheduleHooks.stream().distinct().count());
        check("schedule_once", runs.size() == 2 && fireTimes.stream().distinct().count() == 2 && attempts == 2 && succeeded
                        && scheduleHooks.size() == 2 && scheduleHooks.stream().distinct().count() == 2,
                "a minutely schedule over two fires with two nodes: two runs, one attempt each, two webhooks");

        JsonNode history = send(node1, "GET", "/api/v1/alerts/" + rule + "/history?limit=200", token("MANAGER"), null, null, 200).get("items");
        List<String> alertHooks = WEBHOOKS.getOrDefault("/alert", List.of());
        double seconds = Duration.between(start, end).toMillis() / 1000.0;
        double evaluations = 0;
        for (var entry : evaluationsAfter.entrySet()) {
            evaluations += entry.getValue() - evaluationsBefore.getOrDefault(entry.getKey(), 0.0);
        }
        long expected = (long) Math.floor(seconds / 10.0) + 1;
        System.out.println("alert.window_s=" + String.format("%.0f", seconds) + " evaluations(both nodes, alert-evaluate completions)="
                + String.format("%.0f", evaluations) + " expected_one_per_10s=" + expected + " per_node=" + evaluationsAfter
                + " transitions=" + history.size() + " webhooks=" + alertHooks.size());
        check("alert_once", history.size() == 1 && alertHooks.size() == 1 && Math.abs(evaluations - expected) <= 1,
                "a rule evaluated every 10 s by two nodes: one evaluation per interval, one transition, one webhook");
    }

    /** The replica stopped: node 2 answers from the primary, at once, with the same figures; its health says so. */
    static void replicaStopped() throws Exception {
        JsonNode before = calls(node2, "acme");
        Process stop = new ProcessBuilder("bash", "-c", System.getenv("BENCH_REPLICA_STOP")).inheritIO().start();
        int code = stop.waitFor();
        if (code != 0) {
            fail("replica_stopped", "the replica could not be stopped");
            return;
        }
        long worst = 0;
        boolean right = true;
        boolean fromPrimary = true;
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            JsonNode answer = calls(node2, "acme");
            worst = Math.max(worst, (System.nanoTime() - start) / 1_000_000);
            right &= total(answer) == total(before);
            fromPrimary &= answer.path("as_of").isNull();
        }
        JsonNode health = awaitReplica(node2, "down", Duration.ofSeconds(15));
        int status = HTTP.send(HttpRequest.newBuilder(URI.create(node2 + "/health")).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        System.out.println("replica_stopped.answers=20 right=" + right + " read_on_primary=" + fromPrimary + " slowest_ms=" + worst);
        System.out.println("replica_stopped.node2_health=" + health + " http=" + status);
        check("replica_stopped", right && fromPrimary && worst < 2_000 && status == 200 && "degraded".equals(health.path("details").path("replica").asText())
                && "UP".equals(health.path("status").asText()), "answers right and from the primary within 2 s each; /health 200 UP, replica degraded");
    }

    /** A big export; the node running it is killed (SIGKILL); the other takes the job over when its claim is stale. */
    static void killedNodeMidExport() throws Exception {
        int events = Integer.parseInt(System.getenv().getOrDefault("BENCH_EXPORT_EVENTS", "300000"));
        Instant from = Instant.now().minus(2, ChronoUnit.DAYS);
        long loadStart = System.nanoTime();
        for (int sent = 0; sent < events; sent += 1000) {
            ingest(node1, "big", "big-" + sent, Math.min(1000, events - sent), from.plusSeconds(sent / 10));
        }
        System.out.println("export_takeover.events=" + events + " loaded_s=" + String.format("%.1f", (System.nanoTime() - loadStart) / 1e9));
        String format = System.getenv().getOrDefault("BENCH_EXPORT_FORMAT", "xlsx");
        JsonNode job = send(node1, "POST", "/api/v1/exports", token("ANALYST"), "application/json",
                "{\"report\": \"usage-history\", \"customer\": \"big\", \"days\": 3, \"format\": \"" + format + "\"}", 202);
        String id = job.get("id").asText();
        String holder = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // mid-flight: running on a node that reads the events, with its first chunks written
        while (System.nanoTime() < deadline) {
            holder = holderOf(id);
            if (holder != null && scalar("SELECT count(*) FROM export_file_chunk WHERE job_id = '" + id + "'::uuid") >= 1) {
                break;
            }
            Thread.sleep(20);
        }
        if (holder == null) {
            fail("export_takeover", "no node was seen running the export");
            return;
        }
        long chunksAtKill = scalar("SELECT count(*) FROM export_file_chunk WHERE job_id = '" + id + "'::uuid");
        String pid = System.getenv(holder.equals("tally-node-1") ? "BENCH_NODE1_PID" : "BENCH_NODE2_PID");
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        Instant killed = Instant.now();
        String survivor = holder.equals("tally-node-1") ? node2 : node1;
        System.out.println("export_takeover.killed=" + holder + " (pid " + pid + ", SIGKILL) with the job running, chunks written=" + chunksAtKill);
        JsonNode done = awaitFinished(survivor, id, Duration.ofSeconds(180));
        long attempts = scalar("SELECT attempts FROM export_job WHERE job_id = '" + id + "'::uuid");
        System.out.println("export_takeover.finished_after_kill_s=" + Duration.between(killed, Instant.now()).toSeconds() + " status="
                + done.get("status").asText() + " rows=" + done.path("rows").asText() + " attempts=" + attempts);
        check("export_takeover", "succeeded".equals(done.get("status").asText()) && done.path("rows").asLong() == events && attempts == 2,
                "the job a killed node was running is taken over by the other and completes with every row");
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Which node ("tally-node-N") holds the job: it is running and that node's connection reads the customer's events. */
    static String holderOf(String job) throws Exception {
        try (Connection db = DriverManager.getConnection(primaryUrl, "postgres", "");
             PreparedStatement statement = db.prepareStatement("""
                     SELECT a.application_name FROM pg_stat_activity a, export_job j
                      WHERE j.job_id = ?::uuid AND j.status = 'running'
                        AND a.datname = current_database() AND a.application_name LIKE 'tally-node-%'
                        AND a.xact_start IS NOT NULL AND a.query ~* 'from\\s+usage_event\\s' AND a.query !~* '^\\s*(insert|with)'
                      LIMIT 1""")) {
            statement.setString(1, job);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    static JsonNode awaitExport(String id, String status, Duration wait) throws Exception {
        JsonNode job = null;
        Instant deadline = Instant.now().plus(wait);
        while (Instant.now().isBefore(deadline)) {
            job = send(node1, "GET", "/api/v1/exports/" + id, token("ANALYST"), null, null, 200);
            if (status.equals(job.get("status").asText())) {
                return job;
            }
            Thread.sleep(100);
        }
        fail("exports_once", "export " + id + " did not reach " + status + ": " + job);
        return job;
    }

    static JsonNode awaitFinished(String node, String id, Duration wait) throws Exception {
        JsonNode job = null;
        Instant deadline = Instant.now().plus(wait);
        while (Instant.now().isBefore(deadline)) {
            job = send(node, "GET", "/api/v1/exports/" + id, token("ANALYST"), null, null, 200);
            if (List.of("succeeded", "failed").contains(job.get("status").asText())) {
                return job;
            }
            Thread.sleep(250);
        }
        return job;
    }

    static String createSchedule(String url) throws Exception {
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("name", "Cluster minutely");
        schedule.put("report", "activity");
        schedule.put("params", Map.of("customer", "acme", "period", "last_7_days"));
        schedule.put("formats", List.of("csv"));
        schedule.put("cron", "* * * * *");
        schedule.put("timezone", "Asia/Kolkata");
        schedule.put("channels", List.of(Map.of("type", "webhook", "url", url)));
        return send(node1, "POST", "/api/v1/schedules", token("MANAGER"), "application/json", JSON.writeValueAsString(schedule), 201).get("id").asText();
    }

    static Map<String, Object> rule(String url, boolean enabled) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("name", "Cluster calls");
        rule.put("metric", "calls");
        rule.put("scope", Map.of("customer", "acme"));
        rule.put("window", "last_24_hours");
        rule.put("condition", Map.of("op", "above", "threshold", 5));
        rule.put("severity", "critical");
        rule.put("evaluate_every", "10s");
        rule.put("channels", List.of(Map.of("type", "webhook", "url", url)));
        rule.put("enabled", enabled);
        return rule;
    }

    static String ruleUrl;

    static String createRule(String url, boolean enabled) throws Exception {
        ruleUrl = url;
        return send(node2, "POST", "/api/v1/alerts", token("MANAGER"), "application/json", JSON.writeValueAsString(rule(url, enabled)), 201)
                .get("id").asText();
    }

    static void createRuleDisabled(String id) throws Exception {
        send(node1, "PUT", "/api/v1/alerts/" + id, token("MANAGER"), "application/json", JSON.writeValueAsString(rule(ruleUrl, false)), 200);
    }

    static final Pattern COMPLETIONS = Pattern.compile(
            "^dbscheduler_task_completions_total\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);

    /** alert-evaluate completions (ok) per node, from each node's /metrics. */
    static Map<String, Double> alertEvaluations() throws Exception {
        Map<String, Double> counts = new LinkedHashMap<>();
        for (String node : List.of(node1, node2)) {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create(node + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            Matcher m = COMPLETIONS.matcher(body);
            while (m.find()) {
                if (m.group(1).contains("task=\"alert-evaluate\"") && m.group(1).contains("result=\"ok\"")) {
                    sum += Double.parseDouble(m.group(2));
                }
            }
            counts.put(node, sum);
        }
        return counts;
    }

    static boolean finished(JsonNode runs) {
        for (JsonNode run : runs) {
            if (!List.of("succeeded", "failed", "partially_failed").contains(run.get("status").asText())) {
                return false;
            }
        }
        return true;
    }

    static void ingest(String node, String customer, String prefix, int count, Instant at) throws Exception {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("specversion", "1.0");
            event.put("id", prefix + "-" + i);
            event.put("source", "cluster-bench");
            event.put("type", "call");
            event.put("subject", customer);
            event.put("time", at.plusMillis(i).truncatedTo(ChronoUnit.MILLIS).toString());
            event.put("data", Map.of("outcome", "completed", "agent", "a" + (i % 7), "duration_s", 30 + i % 90));
            batch.add(event);
        }
        JsonNode answer = send(node, "POST", "/internal/v1/events", token("SERVICE"), "application/cloudevents-batch+json", JSON.writeValueAsString(batch), 200);
        if (answer.get("accepted").asInt() != count) {
            throw new IllegalStateException("not every event was accepted: " + answer);
        }
    }

    static JsonNode calls(String node, String customer) throws Exception {
        return send(node, "POST", "/api/v1/analytics/query", token("VIEWER"), "application/json",
                "{\"metric\": \"calls\", \"customer\": \"" + customer + "\", \"days\": 3, \"tz\": \"UTC\"}", 200);
    }

    static long total(JsonNode answer) {
        return answer.get("series").get(0).get("totals").get("value").asLong();
    }

    static double replayLagMillis() throws Exception {
        try (Connection db = DriverManager.getConnection(primaryUrl, "postgres", "");
             PreparedStatement statement = db.prepareStatement(
                     "SELECT coalesce(max(extract(epoch FROM replay_lag)) * 1000, 0) FROM pg_stat_replication");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getDouble(1);
        }
    }

    static long scalar(String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(primaryUrl, "postgres", "");
             PreparedStatement statement = db.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static JsonNode health(String node) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(node + "/health")).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    static JsonNode awaitReplica(String node, String state, Duration wait) throws Exception {
        JsonNode health = null;
        Instant deadline = Instant.now().plus(wait);
        while (Instant.now().isBefore(deadline)) {
            health = health(node);
            if (state.equals(health.path("details").path("replica_state").asText())) {
                return health;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the replica of " + node + " did not become " + state + ": " + health);
    }

    static String token(String name) {
        return System.getenv("BENCH_" + name + "_TOKEN");
    }

    static JsonNode send(String node, String method, String path, String token, String contentType, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (expected > 0 && response.statusCode() != expected || expected < 0 && response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " on " + node + ": " + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    static void check(String name, boolean pass, String what) {
        System.out.println("check." + name + "=" + (pass ? "PASS" : "FAIL") + "  (" + what + ")");
        if (!pass) {
            FAILED.add(name);
        }
    }

    static void fail(String name, String why) {
        System.out.println("check." + name + "=FAIL  (" + why + ")");
        FAILED.add(name);
    }
}
