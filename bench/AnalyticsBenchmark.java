import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The usage-analytics benchmark. Loads a year of mixed usage events into a running Tally over HTTP (as
 * services send them, so the rollups are built by ingestion), waits until every rollup delta is folded, then
 * measures, sequentially and after a warm-up:
 *
 *   1. GET /api/v1/customers/{id}/usage/summary?days=30 for random customers;
 *   2. POST /api/v1/analytics/query for the tenant-wide 365-day daily series of api_calls_made;
 *   3. the same series asked as a metric, and a derived metric's series (success_rate), without a target;
 *   4. the anchor: the same series computed by PostgreSQL from the raw events (one GROUP BY over the
 *      events of the year), checked to be equal to the API's answer bucket by bucket.
 *
 * Run by bench/analytics.sh:
 *   java -cp bootstrap/target/tally.jar bench/AnalyticsBenchmark.java URL JDBC_URL EVENTS CUSTOMERS load|measure
 * with the tokens in BENCH_SERVICE_TOKEN (events:write customers:write), BENCH_OWNER_TOKEN and BENCH_VIEWER_TOKEN.
 */
public final class AnalyticsBenchmark {

    static final String TENANT = "bench";
    static final int DAYS = 365;
    static final int BATCH = 1000;
    static final int CLIENTS = 4;
    static final String[] ZONES = {"UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Asia/Taipei", "Australia/Sydney"};
    /** The event mix per 27 events: 12 api.call, 6 call, 4 session, 2 transcription, 2 export.generated, 1 storage.snapshot. */
    static final String[] MIX = {"api.call", "api.call", "api.call", "api.call", "api.call", "api.call", "api.call", "api.call", "api.call",
            "api.call", "api.call", "api.call", "call", "call", "call", "call", "call", "call", "session", "session", "session", "session",
            "transcription", "transcription", "export.generated", "export.generated", "storage.snapshot"};
    static final String[] ROUTES = {"/v1/contacts", "/v1/contacts/{id}", "/v1/calls", "/v1/calls/{id}", "/v1/recordings", "/v1/search"};
    static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
    static final int[] STATUSES = {200, 200, 200, 200, 201, 400, 404, 500};
    static final String[] OUTCOMES = {"completed", "completed", "completed", "no_answer", "busy", "voicemail", "failed"};
    static final String[] FORMATS = {"csv", "csv", "pdf", "json"};

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String jdbcUrl = args[1];
        int events = Integer.parseInt(args[2]);
        int customers = Integer.parseInt(args[3]);
        if (args[4].equals("load")) {
            load(url, jdbcUrl, events, customers);
        } else {
            measure(url, jdbcUrl, customers);
        }
    }

    static Connection database(String jdbcUrl) throws Exception {
        return DriverManager.getConnection(jdbcUrl, System.getenv().getOrDefault("TALLY_DB_USER", "postgres"),
                System.getenv().getOrDefault("TALLY_DB_PASSWORD", ""));
    }

    // ---------------------------------------------------------------- load

    static void load(String url, String jdbcUrl, int events, int customers) throws Exception {
        String service = System.getenv("BENCH_SERVICE_TOKEN");
        check(send("PUT", url + "/api/v1/tenant/settings", System.getenv("BENCH_OWNER_TOKEN"), "application/json",
                "{\"timezone\": \"Europe/Berlin\", \"currency\": \"EUR\"}"), 200);
        for (int c = 0; c < customers; c++) {
            check(send("PUT", url + "/internal/v1/customers/customer-" + c, service, "application/json",
                    "{\"display_name\": \"Customer " + c + "\", \"timezone\": \"" + ZONES[c % ZONES.length] + "\"}"), 201);
        }
        Instant now = Instant.now();
        int batches = (events + BATCH - 1) / BATCH;
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < CLIENTS; w++) {
                workers.add(pool.submit(() -> {
                    JsonFactory factory = new JsonFactory();
                    for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                        byte[] body = batch(factory, b, Math.min(BATCH, events - b * BATCH), customers, now);
                        HttpResponse<String> reply = send("POST", url + "/internal/v1/events", service, "application/cloudevents-batch+json", body);
                        if (reply.statusCode() != 200 || !reply.body().startsWith("{\"accepted\":" + Math.min(BATCH, events - b * BATCH) + ",")) {
                            throw new IllegalStateException("batch " + b + ": " + reply.statusCode() + " " + reply.body().substring(0, 300));
                        }
                        if (b % 1000 == 999) {
                            System.err.printf("loaded %,d events%n", (long) (b + 1) * BATCH);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("load.events=%d%n", events);
        System.out.printf("load.customers=%d%n", customers);
        System.out.printf("load.seconds=%.1f%n", seconds);
        System.out.printf("load.events_per_second=%.0f%n", events / seconds);
        try (Connection db = database(jdbcUrl); Statement statement = db.createStatement()) {
            long waited = System.nanoTime();
            while (true) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM usage_rollup_pending")) {
                    rows.next();
                    if (rows.getLong(1) == 0) {
                        break;
                    }
                }
                Thread.sleep(200);
            }
            System.out.printf("load.fold_wait_seconds=%.1f%n", (System.nanoTime() - waited) / 1e9);
            // what autovacuum does to the rollups in a deployment (V19 has it come round after 2 % changed rows), at once:
            // an index-only scan of the rollups skips only pages the visibility map marks all-visible
            statement.execute("VACUUM (ANALYZE) usage_rollup");
            statement.execute("ANALYZE");
        }
    }

    /** One batch of events: random types by the mix, random customers, random times over the last year. */
    static byte[] batch(JsonFactory factory, int number, int size, int customers, Instant now) throws Exception {
        Random random = new Random(number);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size * 260);
        try (JsonGenerator out = factory.createGenerator(bytes)) {
            out.writeStartArray();
            for (int i = 0; i < size; i++) {
                String type = MIX[random.nextInt(MIX.length)];
                out.writeStartObject();
                out.writeStringField("specversion", "1.0");
                out.writeStringField("id", "e-" + ((long) number * BATCH + i));
                out.writeStringField("source", "bench");
                out.writeStringField("type", type);
                out.writeStringField("subject", "customer-" + random.nextInt(customers));
                out.writeStringField("time", now.minusMillis((long) (random.nextDouble() * DAYS * 86_400_000L)).toString());
                out.writeObjectFieldStart("data");
                switch (type) {
                    case "api.call" -> {
                        out.writeStringField("method", METHODS[random.nextInt(METHODS.length)]);
                        out.writeStringField("route", ROUTES[random.nextInt(ROUTES.length)]);
                        out.writeNumberField("status", STATUSES[random.nextInt(STATUSES.length)]);
                        out.writeNumberField("duration_ms", 5 + random.nextInt(400));
                    }
                    case "call" -> {
                        int duration = 5 + random.nextInt(900);
                        boolean euro = random.nextInt(5) == 0;
                        out.writeStringField("outcome", OUTCOMES[random.nextInt(OUTCOMES.length)]);
                        out.writeStringField("agent", "agent-" + random.nextInt(17));
                        out.writeNumberField("duration_s", duration);
                        out.writeNumberField("cost", BigDecimal.valueOf(duration * (euro ? 3L : 4L), 4));
                        out.writeStringField("currency", euro ? "EUR" : "USD");
                    }
                    case "session" -> out.writeNumberField("duration_s", 60 + random.nextInt(7140));
                    case "transcription" -> {
                        out.writeStringField("status", random.nextInt(10) == 0 ? "failed" : "completed");
                        out.writeNumberField("minutes", BigDecimal.valueOf(5 + random.nextInt(6000), 2));
                    }
                    case "export.generated" -> out.writeStringField("format", FORMATS[random.nextInt(FORMATS.length)]);
                    default -> out.writeNumberField("bytes", 1_000_000L + random.nextInt(2_000_000_000));
                }
                out.writeEndObject();
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        return bytes.toByteArray();
    }

    // ---------------------------------------------------------------- measure

    static void measure(String url, String jdbcUrl, int customers) throws Exception {
        String viewer = System.getenv("BENCH_VIEWER_TOKEN");
        try (Connection db = database(jdbcUrl); Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*), min(occurred_at), max(occurred_at) FROM usage_event")) {
            rows.next();
            System.out.printf("data.events=%d%ndata.first=%s%ndata.last=%s%n", rows.getLong(1), rows.getString(2), rows.getString(3));
        }

        try (Connection db = database(jdbcUrl); Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT relallvisible, relpages FROM pg_class WHERE relname = 'usage_rollup'")) {
            rows.next();
            System.out.printf("data.rollup_pages_all_visible=%d of %d%n", rows.getLong(1), rows.getLong(2));
        }

        Random random = new Random(42);
        timed("summary.warmup", 50, i -> check(send("GET", summaryUrl(url, random, customers), viewer, null, null), 200));
        long[] summary = timed("summary", 300, i -> check(send("GET", summaryUrl(url, random, customers), viewer, null, null), 200));
        report("summary", summary);

        // Not a target, but what the tenant's own dashboard asks: the tenant-wide summary (from the events for
        // latest, max_concurrent, filtered and grouped figures, and the top customers).
        String tenantSummary = url + "/api/v1/usage/summary?days=30";
        timed("tenant_summary.warmup", 3, i -> check(send("GET", tenantSummary, viewer, null, null), 200));
        report("tenant_summary", timed("tenant_summary", 20, i -> check(send("GET", tenantSummary, viewer, null, null), 200)));

        String series = "{\"meter\": \"api_calls_made\", \"days\": 365, \"bucket\": \"day\"}";
        timed("series.warmup", 10, i -> check(send("POST", url + "/api/v1/analytics/query", viewer, "application/json", series), 200));
        JsonNode[] answer = new JsonNode[1];
        long[] fromApi = timed("series", 50, i -> answer[0] = JSON.readTree(
                check(send("POST", url + "/api/v1/analytics/query", viewer, "application/json", series), 200).body()));
        report("series", fromApi);

        // The same series asked as a metric (the catalogue's api_calls_made, through the metric engine): it must
        // cost what the meter costs and answer the same buckets.
        String metricSeries = "{\"metric\": \"api_calls_made\", \"days\": 365, \"bucket\": \"day\"}";
        timed("metric_series.warmup", 10, i -> check(send("POST", url + "/api/v1/analytics/query", viewer, "application/json", metricSeries), 200));
        JsonNode[] metricAnswer = new JsonNode[1];
        report("metric_series", timed("metric_series", 50, i -> metricAnswer[0] = JSON.readTree(
                check(send("POST", url + "/api/v1/analytics/query", viewer, "application/json", metricSeries), 200).body())));
        // Insights of the year's daily series (issue 18: at most 100 ms at p95): the tenant-wide api_calls_made, read
        // through the same query model, then trend, seasonality, the Holt-Winters fit and its backtest, anomalies. Asked
        // with a different horizon each time among 14 to 16, as a dashboard's users would; its anchor is metric_series.
        String insights = url + "/api/v1/insights?metric=api_calls_made&days=365&bucket=day&horizon=";
        timed("insights.warmup", 10, i -> check(send("GET", insights + 14, viewer, null, null), 200));
        JsonNode[] insightAnswer = new JsonNode[1];
        long[] insightTimes = timed("insights", 50, i -> insightAnswer[0] = JSON.readTree(check(send("GET", insights + (14 + i % 3), viewer, null, null),
                200).body()));
        report("insights", insightTimes);
        System.out.printf("insights.series_buckets=%d%ninsights.method=%s%ninsights.weekly=%s%n", insightAnswer[0].get("series").size(),
                insightAnswer[0].get("forecast").get("method").asText(), insightAnswer[0].get("seasonality").get("weekly").asText());
        String customerInsights = url + "/api/v1/insights?metric=api_calls_made&days=365&bucket=day&horizon=14&customer=customer-";
        timed("customer_insights.warmup", 10, i -> check(send("GET", customerInsights + random.nextInt(customers), viewer, null, null), 200));
        report("customer_insights", timed("customer_insights", 50, i -> check(send("GET", customerInsights + random.nextInt(customers), viewer,
                null, null), 200)));

        // Not a target: a derived metric over the year, success_rate = completed_calls (filtered, so from the raw call
        // events) ÷ calls (rollups) × 100, per day.
        String derived = "{\"metric\": \"success_rate\", \"days\": 365, \"bucket\": \"day\"}";
        timed("derived_series.warmup", 2, i -> check(send("POST", url + "/api/v1/analytics/query", viewer, "application/json", derived), 200));
        report("derived_series", timed("derived_series", 10, i -> check(send("POST", url + "/api/v1/analytics/query", viewer, "application/json",
                derived), 200)));

        // The anchor: the same buckets, counted by PostgreSQL from the raw events.
        JsonNode buckets = answer[0].get("buckets");
        String[] starts = new String[buckets.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = buckets.get(i).get("start").asText();
        }
        Instant from = Instant.parse(starts[0]);
        Instant to = Instant.parse(buckets.get(buckets.size() - 1).get("end").asText());
        long[] counts = new long[starts.length];
        try (Connection db = database(jdbcUrl); PreparedStatement raw = db.prepareStatement("""
                SELECT width_bucket(e.occurred_at, ?), count(*)
                  FROM usage_event e
                 WHERE e.tenant_id = (SELECT tenant_id FROM tenant WHERE tenant_key = ?) AND e.type = 'api.call'
                   AND e.occurred_at >= ? AND e.occurred_at < ?
                 GROUP BY 1""")) {
            raw.setArray(1, db.createArrayOf("timestamptz", starts));
            raw.setString(2, TENANT);
            raw.setObject(3, java.time.OffsetDateTime.parse(starts[0]));
            raw.setObject(4, to.atOffset(java.time.ZoneOffset.UTC));
            timed("raw.warmup", 2, i -> rawSeries(raw, counts));
            long[] fromEvents = timed("raw", 10, i -> rawSeries(raw, counts));
            report("raw", fromEvents);
            System.out.printf("ratio.raw_to_series_p50=%.1f%n", percentile(fromEvents, 50) / percentile(fromApi, 50));
        }
        // Every bucket but today's must agree: today's grows while this runs, as each request to /api/** is
        // itself recorded as an api.call of the tenant.
        JsonNode values = answer[0].get("groups").get(0).get("values");
        long total = 0;
        for (int i = 0; i < counts.length - 1; i++) {
            if (values.get(i).asLong() != counts[i]) {
                throw new IllegalStateException("bucket " + starts[i] + ": the API says " + values.get(i) + ", the events " + counts[i]);
            }
            total += counts[i];
        }
        JsonNode metricValues = metricAnswer[0].get("series").get(0).get("groups").get(0).get("values");
        for (int i = 0; i < counts.length - 1; i++) {
            if (metricValues.get(i).asLong() != counts[i]) {
                throw new IllegalStateException("bucket " + starts[i] + ": the metric says " + metricValues.get(i) + ", the events " + counts[i]);
            }
        }
        System.out.printf("series.buckets=%d%nseries.events_before_today=%d%nseries.equal_to_raw=true%nmetric_series.equal_to_raw=true%n",
                counts.length, total);
        System.out.printf("series.period=%s..%s%n", from, to);
    }

    static String summaryUrl(String url, Random random, int customers) {
        return url + "/api/v1/customers/customer-" + random.nextInt(customers) + "/usage/summary?days=30";
    }

    static void rawSeries(PreparedStatement raw, long[] counts) throws Exception {
        Arrays.fill(counts, 0);
        try (ResultSet rows = raw.executeQuery()) {
            while (rows.next()) {
                counts[rows.getInt(1) - 1] = rows.getLong(2);
            }
        }
    }

    interface Step {
        void run(int i) throws Exception;
    }

    /** Runs a step n times, one after another; returns each run's time in nanoseconds. */
    static long[] timed(String name, int n, Step step) throws Exception {
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            long started = System.nanoTime();
            step.run(i);
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
            throw new IllegalStateException(reply.uri() + " answered " + reply.statusCode() + ": " + reply.body());
        }
        return reply;
    }

    static HttpResponse<String> send(String method, String url, String token, String contentType, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : body instanceof byte[] bytes ? HttpRequest.BodyPublishers.ofByteArray(bytes) : HttpRequest.BodyPublishers.ofString((String) body);
        return HTTP.send(request.method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
    }
}
