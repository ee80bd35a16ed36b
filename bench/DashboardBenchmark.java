import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The dashboard benchmark (issue 13), on the usage-analytics benchmark's data (bench/AnalyticsBenchmark.java loads it:
 * 10,000,000 events of 1,000 customers over a year). Makes (or brings up to date) one shared 20-widget dashboard with a
 * customer and a period filter, half of its widgets bound to the customer filter and half tenant-wide, then measures,
 * sequentially, after a warm-up:
 *
 *   1. cycles of: one new event for the tenant (its data watermark moves on); the dashboard's data for a customer
 *      (cold: every widget must say cached:false); the same call again (warm: every widget must say cached:true);
 *      and the anchor, the same 20 widget queries asked one by one through POST /api/v1/analytics/query, as the
 *      dashboard asks them (filters filled in, compare for cards and gauges, order_by for tables), whose sum is
 *      the dashboard's cost without the cache and without concurrency; the cards' and gauges' values must equal
 *      the anchor's totals;
 *   2. cycles of: one new event; the data for customer A (cold); the data for customer B (the customer filter changed:
 *      exactly the customer-bound widgets must say cached:false); the data for B over another period (the period filter
 *      changed: exactly the period-bound widgets must say cached:false);
 *   3. the floor of a warm call: GET /api/v1/dashboards/{id} (one authenticated request reading the dashboard).
 *
 * The CPU the cold and warm calls cost is read from /proc: the machine's busy time, the service's (its pid) and this
 * client's; the rest is PostgreSQL's (and whatever else ran).
 *
 * Run by bench/dashboard.sh:
 *   java -cp bootstrap/target/tally.jar bench/DashboardBenchmark.java URL JDBC_URL SERVICE_PID
 * with the tokens in BENCH_SERVICE_TOKEN (events:write), BENCH_OWNER_TOKEN (makes the dashboard) and
 * BENCH_VIEWER_TOKEN (reads it); BENCH_RUNS (40) cycles of step 1, BENCH_FILTER_RUNS (20) of step 2, BENCH_WARMUP (5).
 */
public final class DashboardBenchmark {

    static final String TENANT = "bench";
    static final String NAME = "Dashboard benchmark (issue 13)";
    static final String PERIOD = "last_30_days";
    static final String OTHER_PERIOD = "last_7_days";

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    /** One widget of the dashboard: its query as the dashboard holds it, with {{filters.…}} placeholders. */
    record Widget(String id, String title, String type, BigDecimal target, int x, int y, int w, int h, ObjectNode query) {

        boolean boundTo(String filter) {
            return query.toString().contains("{{filters." + filter + "}}");
        }

        ObjectNode json() {
            ObjectNode widget = JSON.createObjectNode().put("id", id).put("title", title).put("type", type);
            if (target != null) {
                widget.put("target", target);
            }
            widget.putObject("position").put("x", x).put("y", y).put("w", w).put("h", h);
            widget.set("query", query);
            return widget;
        }

        /** The question the dashboard asks for this widget, as a body of POST /api/v1/analytics/query. */
        String asked(String customer, String period) {
            ObjectNode asked = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> field : query.properties()) {
                String text = field.getValue().isTextual() ? field.getValue().asText() : null;
                if ("{{filters.customer}}".equals(text)) {
                    asked.put(field.getKey(), customer);
                } else if ("{{filters.period}}".equals(text)) {
                    asked.put(field.getKey(), period);
                } else {
                    asked.set(field.getKey(), field.getValue());
                }
            }
            if ((type.equals("metric_card") || type.equals("gauge")) && !asked.has("compare")) {
                asked.put("compare", "previous");
            }
            if (type.equals("table") && asked.has("metrics") && asked.get("metrics").size() > 1 && !asked.has("order_by")) {
                asked.put("order_by", asked.get("metrics").get(0).asText());
            }
            return asked.toString();
        }
    }

    static final String CUSTOMER = "\"customer\": \"{{filters.customer}}\", ";
    static final String IN_PERIOD = "\"period\": \"{{filters.period}}\"";

    /** The dashboard: ten widgets of the customer filtered for, then ten of the whole tenant. */
    static final List<Widget> WIDGETS = List.of(
            widget("c-api-calls", "API calls", "metric_card", null, 0, 0, 3, 2, "{\"metric\": \"api_calls_made\", " + CUSTOMER + IN_PERIOD + "}"),
            widget("c-calls", "Calls", "metric_card", null, 3, 0, 3, 2, "{\"metric\": \"calls\", " + CUSTOMER + IN_PERIOD + "}"),
            widget("c-success", "Success rate against 80 %", "gauge", 80, 6, 0, 3, 2, "{\"metric\": \"success_rate\", " + CUSTOMER + IN_PERIOD + "}"),
            widget("c-minutes", "Transcription minutes against 3,000", "gauge", 3000, 9, 0, 3, 2,
                    "{\"metric\": \"transcription_minutes\", " + CUSTOMER + IN_PERIOD + "}"),
            widget("c-calls-per-day", "Calls and completed calls per day", "line", null, 0, 2, 8, 4,
                    "{\"metrics\": [\"calls\", \"completed_calls\"], \"bucket\": \"day\", " + CUSTOMER + IN_PERIOD + "}"),
            widget("c-outcomes", "Calls by outcome", "pie", null, 8, 2, 4, 4,
                    "{\"metric\": \"calls\", \"group_by\": [\"outcome\"], " + CUSTOMER + IN_PERIOD + "}"),
            widget("c-agents", "Agents", "table", null, 0, 6, 8, 4,
                    "{\"metrics\": [\"calls\", \"completed_calls\", \"success_rate\"], \"group_by\": [\"agent\"], \"limit\": 20, " + CUSTOMER + IN_PERIOD + "}"),
            widget("c-exports", "Exports by format", "pie", null, 8, 6, 4, 4,
                    "{\"metric\": \"exports_generated\", \"group_by\": [\"format\"], " + CUSTOMER + IN_PERIOD + "}"),
            widget("c-api-calls-year", "API calls per week, last 365 days", "bar", null, 0, 10, 8, 4,
                    "{\"metric\": \"api_calls_made\", \"bucket\": \"week\", \"days\": 365, \"customer\": \"{{filters.customer}}\"}"),
            widget("c-storage", "Storage used against 5,000 MB", "gauge", 5000, 8, 10, 4, 4,
                    "{\"metric\": \"storage_used_mb\", " + CUSTOMER + IN_PERIOD + "}"),

            widget("t-api-calls", "All customers: API calls", "metric_card", null, 0, 14, 3, 2, "{\"metric\": \"api_calls_made\", " + IN_PERIOD + "}"),
            widget("t-sessions", "All customers: sessions", "metric_card", null, 3, 14, 3, 2, "{\"metric\": \"sessions\", " + IN_PERIOD + "}"),
            widget("t-calls", "All customers: calls", "metric_card", null, 6, 14, 3, 2, "{\"metric\": \"calls\", " + IN_PERIOD + "}"),
            widget("t-success", "All customers: success rate against 80 %", "gauge", 80, 9, 14, 3, 2,
                    "{\"metric\": \"success_rate\", " + IN_PERIOD + "}"),
            widget("t-api-calls-year", "All customers: API calls per day, last 365 days", "line", null, 0, 16, 12, 4,
                    "{\"metric\": \"api_calls_made\", \"bucket\": \"day\", \"days\": 365}"),
            widget("t-usage-per-month", "All customers: calls, sessions and transcriptions per month, last 365 days", "bar", null, 0, 20, 8, 4,
                    "{\"metrics\": [\"calls\", \"sessions\", \"transcriptions\"], \"bucket\": \"month\", \"days\": 365}"),
            widget("t-outcomes", "All customers: calls by outcome", "pie", null, 8, 20, 4, 4,
                    "{\"metric\": \"calls\", \"group_by\": [\"outcome\"], " + IN_PERIOD + "}"),
            widget("t-agents", "All customers: agents", "table", null, 0, 24, 8, 4,
                    "{\"metrics\": [\"calls\", \"completed_calls\", \"success_rate\"], \"group_by\": [\"agent\"], \"limit\": 20, " + IN_PERIOD + "}"),
            widget("t-transcriptions", "All customers: transcriptions and failures per week", "bar", null, 8, 24, 4, 4,
                    "{\"metrics\": [\"transcriptions\", \"failed_transcriptions\"], \"bucket\": \"week\", " + IN_PERIOD + "}"),
            widget("t-call-cost", "All customers: call cost per day", "line", null, 0, 28, 12, 4,
                    "{\"metric\": \"call_cost\", \"bucket\": \"day\", " + IN_PERIOD + "}"));

    static Widget widget(String id, String title, String type, Integer target, int x, int y, int w, int h, String query) {
        try {
            return new Widget(id, title, type, target == null ? null : BigDecimal.valueOf(target), x, y, w, h, (ObjectNode) JSON.readTree(query));
        } catch (Exception e) {
            throw new IllegalArgumentException(id + ": " + query, e);
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String jdbcUrl = args[1];
        long server = Long.parseLong(args[2]);
        int runs = Integer.parseInt(System.getenv().getOrDefault("BENCH_RUNS", "40"));
        int filterRuns = Integer.parseInt(System.getenv().getOrDefault("BENCH_FILTER_RUNS", "20"));
        int warmup = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "5"));
        String service = System.getenv("BENCH_SERVICE_TOKEN");
        String owner = System.getenv("BENCH_OWNER_TOKEN");
        String viewer = System.getenv("BENCH_VIEWER_TOKEN");

        List<String> customers = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl, System.getenv().getOrDefault("TALLY_DB_USER", "postgres"),
                System.getenv().getOrDefault("TALLY_DB_PASSWORD", "")); Statement statement = db.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT count(*), min(occurred_at), max(occurred_at) FROM usage_event")) {
                rows.next();
                System.out.printf("data.events=%d%ndata.first=%s%ndata.last=%s%n", rows.getLong(1), rows.getString(2), rows.getString(3));
            }
            try (ResultSet rows = statement.executeQuery("""
                    SELECT c.external_id FROM customer c JOIN tenant t ON t.tenant_id = c.tenant_id
                     WHERE t.tenant_key = '%s' ORDER BY c.external_id""".formatted(TENANT))) {
                while (rows.next()) {
                    customers.add(rows.getString(1));
                }
            }
        }
        System.out.printf("data.customers=%d%n", customers.size());
        if (customers.size() < 2) {
            throw new IllegalStateException("the tenant has fewer than 2 customers: load the analytics data first (BENCH_LOAD=1 bench/dashboard.sh)");
        }

        String id = saveDashboard(url, owner);
        Set<String> customerBound = new TreeSet<>();
        Set<String> periodBound = new TreeSet<>();
        for (Widget widget : WIDGETS) {
            if (widget.boundTo("customer")) {
                customerBound.add(widget.id());
            }
            if (widget.boundTo("period")) {
                periodBound.add(widget.id());
            }
            System.out.printf("widget.%s=%s %s %s%n", widget.id(), widget.type(), widget.boundTo("customer") ? "customer" : "tenant", widget.query());
        }
        System.out.printf("dashboard.id=%s%ndashboard.widgets=%d%ndashboard.customer_bound=%d%ndashboard.tenant_wide=%d%ndashboard.period_bound=%d%n",
                id, WIDGETS.size(), customerBound.size(), WIDGETS.size() - customerBound.size(), periodBound.size());

        Random random = new Random(13);
        long[] cold = new long[runs];
        long[] warm = new long[runs];
        long[] anchorSum = new long[runs];
        long[][] anchorEach = new long[WIDGETS.size()][runs];
        long bytes = 0;
        long[] coldCpu = new long[4];
        long[] warmCpu = new long[4];
        for (int i = -warmup; i < runs; i++) {
            String customer = customers.get(random.nextInt(customers.size()));
            String data = dataUrl(url, id, customer, PERIOD);
            newEvent(url, service, customer);
            long[] before = cpu(server);
            long started = System.nanoTime();
            HttpResponse<String> coldReply = check(send("GET", data, viewer, null, null), 200);
            long coldTime = System.nanoTime() - started;
            long[] between = cpu(server);
            JsonNode coldAnswer = JSON.readTree(coldReply.body());
            requireCached(coldAnswer, Set.of(), "cold call " + i);
            long[] warmBefore = cpu(server);
            started = System.nanoTime();
            HttpResponse<String> warmReply = check(send("GET", data, viewer, null, null), 200);
            long warmTime = System.nanoTime() - started;
            long[] after = cpu(server);
            requireCached(JSON.readTree(warmReply.body()), allIds(), "warm call " + i);
            long sum = 0;
            long[] each = new long[WIDGETS.size()];
            JsonNode[] answers = new JsonNode[WIDGETS.size()];
            for (int w = 0; w < WIDGETS.size(); w++) {
                String body = WIDGETS.get(w).asked(customer, PERIOD);
                started = System.nanoTime();
                HttpResponse<String> reply = check(send("POST", url + "/api/v1/analytics/query", viewer, "application/json", body), 200);
                each[w] = System.nanoTime() - started;
                answers[w] = JSON.readTree(reply.body());
                sum += each[w];
            }
            checkValues(coldAnswer, answers, "cycle " + i);
            if (i >= 0) {
                cold[i] = coldTime;
                warm[i] = warmTime;
                anchorSum[i] = sum;
                for (int w = 0; w < WIDGETS.size(); w++) {
                    anchorEach[w][i] = each[w];
                }
                bytes = coldReply.body().length();
                for (int k = 0; k < 4; k++) {
                    coldCpu[k] += between[k] - before[k];
                    warmCpu[k] += after[k] - warmBefore[k];
                }
            }
        }
        report("cold", cold);
        reportCpu("cold", coldCpu, runs);
        report("warm", warm);
        reportCpu("warm", warmCpu, runs);
        System.out.printf("data.response_chars=%d%n", bytes);
        report("anchor.sum", anchorSum);
        int slowest = 0;
        for (int w = 0; w < WIDGETS.size(); w++) {
            System.out.printf("anchor.widget.%s.p50_ms=%.1f%n", WIDGETS.get(w).id(), percentile(anchorEach[w], 50) / 1e6);
            if (percentile(anchorEach[w], 50) > percentile(anchorEach[slowest], 50)) {
                slowest = w;
            }
        }
        long customerSum = 0;
        long tenantSum = 0;
        for (int w = 0; w < WIDGETS.size(); w++) {
            if (customerBound.contains(WIDGETS.get(w).id())) {
                customerSum += (long) percentile(anchorEach[w], 50);
            } else {
                tenantSum += (long) percentile(anchorEach[w], 50);
            }
        }
        System.out.printf("anchor.customer_bound_p50_sum_ms=%.1f%nanchor.tenant_wide_p50_sum_ms=%.1f%n", customerSum / 1e6, tenantSum / 1e6);
        System.out.printf("anchor.slowest=%s%nanchor.slowest.p50_ms=%.1f%n", WIDGETS.get(slowest).id(), percentile(anchorEach[slowest], 50) / 1e6);
        System.out.printf("ratio.cold_to_anchor_sum_p50=%.2f%n", percentile(cold, 50) / percentile(anchorSum, 50));
        System.out.printf("ratio.cold_to_slowest_widget_p50=%.2f%n", percentile(cold, 50) / percentile(anchorEach[slowest], 50));
        System.out.println("values.cards_and_gauges_equal_to_anchor=true");

        // One filter changed: the customer (only the customer-bound widgets recompute), then the period.
        long[] customerChanged = new long[filterRuns];
        long[] periodChanged = new long[filterRuns];
        Set<String> recomputedOnCustomer = null;
        Set<String> recomputedOnPeriod = null;
        for (int i = 0; i < filterRuns; i++) {
            int a = random.nextInt(customers.size());
            String first = customers.get(a);
            String second = customers.get((a + 1 + random.nextInt(customers.size() - 1)) % customers.size());
            newEvent(url, service, first);
            requireCached(JSON.readTree(check(send("GET", dataUrl(url, id, first, PERIOD), viewer, null, null), 200).body()), Set.of(),
                    "filter cycle " + i + ", first call");
            long started = System.nanoTime();
            JsonNode changed = JSON.readTree(check(send("GET", dataUrl(url, id, second, PERIOD), viewer, null, null), 200).body());
            customerChanged[i] = System.nanoTime() - started;
            Set<String> recomputed = recomputed(changed);
            if (!recomputed.equals(customerBound)) {
                throw new IllegalStateException("customer changed: recomputed " + recomputed + ", expected " + customerBound);
            }
            recomputedOnCustomer = recomputed;
            started = System.nanoTime();
            changed = JSON.readTree(check(send("GET", dataUrl(url, id, second, OTHER_PERIOD), viewer, null, null), 200).body());
            periodChanged[i] = System.nanoTime() - started;
            recomputed = recomputed(changed);
            if (!recomputed.equals(periodBound)) {
                throw new IllegalStateException("period changed: recomputed " + recomputed + ", expected " + periodBound);
            }
            recomputedOnPeriod = recomputed;
        }
        System.out.printf("customer_changed.recomputed=%d%ncustomer_changed.recomputed_widgets=%s%n", recomputedOnCustomer.size(),
                String.join(",", recomputedOnCustomer));
        System.out.printf("customer_changed.cached=%d%n", WIDGETS.size() - recomputedOnCustomer.size());
        report("customer_changed", customerChanged);
        System.out.printf("period_changed.recomputed=%d%nperiod_changed.recomputed_widgets=%s%n", recomputedOnPeriod.size(),
                String.join(",", recomputedOnPeriod));
        report("period_changed", periodChanged);

        // The floor of a warm call: one authenticated request that reads the dashboard's definition.
        String definition = url + "/api/v1/dashboards/" + id;
        timed(20, () -> check(send("GET", definition, viewer, null, null), 200));
        long[] floor = timed(100, () -> check(send("GET", definition, viewer, null, null), 200));
        report("definition", floor);
        System.out.printf("ratio.warm_to_definition_p50=%.2f%n", percentile(warm, 50) / percentile(floor, 50));

        System.out.printf("target.cold_p95_le_1000_ms=%s%n", percentile(cold, 95) <= 1e9 ? "met" : "missed");
        System.out.printf("target.warm_p95_le_30_ms=%s%n", percentile(warm, 95) <= 30e6 ? "met" : "missed");
        System.out.printf("target.filter_change_recomputes_only_bound=%s%n", recomputedOnCustomer.equals(customerBound) ? "met" : "missed");
    }

    /** Clock ticks so far: the machine busy (all cores), of it stolen by the hypervisor, the service's, this client's. */
    static long[] cpu(long server) throws Exception {
        String[] machine = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long busy = 0;
        for (int k : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal
            busy += Long.parseLong(machine[k]);
        }
        return new long[] {busy, Long.parseLong(machine[8]), processTicks(String.valueOf(server)), processTicks("self")};
    }

    static long processTicks(String pid) throws Exception {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime stime
    }

    /** CPU per call in ms (ticks of 10 ms, added over the calls): the machine, the service, the client, the rest. */
    static void reportCpu(String name, long[] ticks, int calls) {
        double perCall = 10.0 / calls;
        System.out.printf("%s.cpu_ms_per_call.machine=%.0f%n%s.cpu_ms_per_call.service=%.0f%n%s.cpu_ms_per_call.client=%.0f%n"
                        + "%s.cpu_ms_per_call.postgres_and_rest=%.0f%n%s.cpu_ms_per_call.stolen=%.0f%n",
                name, ticks[0] * perCall, name, ticks[2] * perCall, name, ticks[3] * perCall, name, (ticks[0] - ticks[2] - ticks[3]) * perCall,
                name, ticks[1] * perCall);
    }

    /** Makes the benchmark's dashboard, or gives the one a run before made this definition again (a new version). */
    static String saveDashboard(String url, String token) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("name", NAME)
                .put("description", "20 widgets on the analytics benchmark's data: 10 of the customer filtered for, 10 of the whole tenant")
                .put("visibility", "tenant").put("refresh_seconds", 300);
        ArrayNode filters = body.putArray("filters");
        filters.addObject().put("name", "customer").put("type", "customer");
        filters.addObject().put("name", "period").put("type", "period").put("default", PERIOD);
        ArrayNode widgets = body.putArray("widgets");
        WIDGETS.forEach(widget -> widgets.add(widget.json()));
        String cursor = null;
        do {
            JsonNode page = JSON.readTree(check(send("GET", url + "/api/v1/dashboards?visibility=tenant&limit=200"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), token, null, null), 200).body());
            for (JsonNode dashboard : page.get("items")) {
                if (dashboard.get("name").asText().equals(NAME)) {
                    String id = dashboard.get("id").asText();
                    if (sameDefinition(dashboard, body)) {
                        System.out.printf("dashboard.saved=unchanged, version %d%n", dashboard.get("version").asInt());
                        return id;
                    }
                    JsonNode saved = JSON.readTree(check(send("PUT", url + "/api/v1/dashboards/" + id, token, "application/json", body.toString()), 200).body());
                    System.out.printf("dashboard.saved=changed, version %d%n", saved.get("version").asInt());
                    return id;
                }
            }
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        JsonNode saved = JSON.readTree(check(send("POST", url + "/api/v1/dashboards", token, "application/json", body.toString()), 201).body());
        System.out.println("dashboard.saved=created");
        return saved.get("id").asText();
    }

    /** Whether a saved dashboard has this definition (fields that are null or absent are alike). */
    static boolean sameDefinition(JsonNode saved, ObjectNode definition) throws Exception {
        JsonNode wanted = withoutNulls(JSON.readTree(definition.toString()));
        for (Map.Entry<String, JsonNode> field : wanted.properties()) {
            if (!field.getValue().equals(withoutNulls(saved.path(field.getKey())))) {
                return false;
            }
        }
        return true;
    }

    static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.properties().forEach(field -> {
                if (!field.getValue().isNull()) {
                    copy.set(field.getKey(), withoutNulls(field.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(withoutNulls(item)));
            return copy;
        }
        return node;
    }

    /** One call event of the customer, now: it moves the tenant's data watermark on. */
    static void newEvent(String url, String token, String customer) throws Exception {
        String event = """
                [{"specversion": "1.0", "id": "%s", "source": "dashboard-bench", "type": "call", "subject": "%s", "time": "%s",
                  "data": {"outcome": "completed", "agent": "agent-3", "duration_s": 120, "cost": 0.0480, "currency": "USD"}}]"""
                .formatted(UUID.randomUUID(), customer, Instant.now());
        HttpResponse<String> reply = check(send("POST", url + "/internal/v1/events", token, "application/cloudevents-batch+json", event), 200);
        if (!reply.body().startsWith("{\"accepted\":1,")) {
            throw new IllegalStateException("the event was not accepted: " + reply.body());
        }
    }

    static String dataUrl(String url, String id, String customer, String period) {
        return url + "/api/v1/dashboards/" + id + "/data?filters.customer=" + URLEncoder.encode(customer, StandardCharsets.UTF_8)
                + "&filters.period=" + period;
    }

    static Set<String> allIds() {
        Set<String> ids = new TreeSet<>();
        WIDGETS.forEach(widget -> ids.add(widget.id()));
        return ids;
    }

    /** The ids of the widgets that say cached:false; fails on a widget with a problem or without its answer. */
    static Set<String> recomputed(JsonNode answer) {
        JsonNode widgets = answer.get("widgets");
        if (widgets.size() != WIDGETS.size()) {
            throw new IllegalStateException("the dashboard answered " + widgets.size() + " widgets");
        }
        Set<String> recomputed = new TreeSet<>();
        for (JsonNode widget : widgets) {
            if (widget.hasNonNull("problem") || !widget.has("cached")) {
                throw new IllegalStateException("widget " + widget.get("id") + " did not answer: " + widget);
            }
            if (!widget.get("cached").asBoolean()) {
                recomputed.add(widget.get("id").asText());
            }
        }
        return recomputed;
    }

    /** Fails unless exactly the widgets {@code cachedIds} say cached:true. */
    static void requireCached(JsonNode answer, Set<String> cachedIds, String what) {
        Set<String> recomputed = recomputed(answer);
        Set<String> expected = new LinkedHashSet<>(allIds());
        expected.removeAll(cachedIds);
        if (!recomputed.equals(expected)) {
            throw new IllegalStateException(what + ": recomputed " + recomputed + ", expected " + expected);
        }
    }

    /**
     * The cards' and gauges' values must be the totals the analytics query answers (not for the tenant's API calls: Tally
     * records its own API requests, the harness's too, as api.call events that do not move the watermark).
     */
    static void checkValues(JsonNode dashboard, JsonNode[] answers, String what) {
        for (int w = 0; w < WIDGETS.size(); w++) {
            Widget widget = WIDGETS.get(w);
            if (!(widget.type().equals("metric_card") || widget.type().equals("gauge")) || widget.id().equals("t-api-calls")) {
                continue;
            }
            JsonNode shown = dashboard.get("widgets").get(w).get("value");
            JsonNode asked = answers[w].get("series").get(0).get("totals").get("value");
            boolean equal = shown.isNull() ? asked.isNull() : !asked.isNull() && shown.decimalValue().compareTo(asked.decimalValue()) == 0;
            if (!equal) {
                throw new IllegalStateException(what + ": widget " + widget.id() + " shows " + shown + ", the query answers " + asked);
            }
        }
    }

    interface Step {
        void run() throws Exception;
    }

    static long[] timed(int n, Step step) throws Exception {
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            long started = System.nanoTime();
            step.run();
            times[i] = System.nanoTime() - started;
        }
        return times;
    }

    static void report(String name, long[] times) {
        System.out.printf("%s.runs=%d%n", name, times.length);
        System.out.printf("%s.p50_ms=%.1f%n", name, percentile(times, 50) / 1e6);
        System.out.printf("%s.p95_ms=%.1f%n", name, percentile(times, 95) / 1e6);
        System.out.printf("%s.max_ms=%.1f%n", name, percentile(times, 100) / 1e6);
    }

    /** The nearest-rank percentile. */
    static double percentile(long[] times, int p) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    static HttpResponse<String> check(HttpResponse<String> reply, int status) {
        if (reply.statusCode() != status) {
            throw new IllegalStateException(reply.request().method() + " " + reply.uri() + " answered " + reply.statusCode() + ": " + reply.body());
        }
        return reply;
    }

    static HttpResponse<String> send(String method, String url, String token, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
