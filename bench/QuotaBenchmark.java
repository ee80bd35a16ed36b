import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The quota-check and bulk-reset benchmark. Loads, into a running Tally: tenant {@code bench} (Europe/Berlin),
 * plan {@code basic} (600 {@code transcription_minutes} per calendar month, hard), 10,000 customers on it
 * ({@code c-00000} … {@code c-09999}, Europe/Berlin): the first 1,000 over the API with 30–60 transcriptions each
 * in the current month, sent over HTTP as services send them (their minutes are kept in
 * bench/target/quota-loaded.tsv), the other 9,000 by SQL; then a background of 500,000 transcriptions and
 * 1,000,000 API calls of all customers over this month and the two before, straight into usage_event by SQL
 * (the 1,000 checked customers' background transcriptions all fall before this month, so their current usage
 * is exactly what was sent over HTTP). Then measures, one step after another:
 *
 *   0. checks answers: the quota check of checked customers against their loaded minutes and against SQL;
 *   1. POST /internal/v1/quota-checks (reserve false, amount 1, a random checked customer each time), each
 *      caller on a keep-alive connection of its own, after 60 s of warm-up with 10 callers: one caller in a
 *      closed loop (the unloaded latency); 50 callers in a closed loop; 50 callers in an open loop at 300, 600 and
 *      1,500 requests/s (each caller keeps its own schedule; latency counts from the scheduled send, so a stall is
 *      not hidden by the callers waiting for it); reserving checks at 100/s on customers c-01000 … c-01999,
 *      checked against the events they recorded;
 *   2. the measure query of one customer under EXPLAIN ANALYZE, and timed by itself over JDBC;
 *   3. POST /api/v1/admin/usage-resets of the 10,000 customers: 1 warm-up, 5 runs with fresh Idempotency-Keys,
 *      a replay, and a run with 9,990 known and 10 unknown ids; then every reset is reverted (DELETE), so that
 *      the next run's quota checks count the same usage;
 *   4. POST /api/v1/admin/customer-changes moving the 10,000 customers from basic to gold: a warm-up, then 5 rounds of
 *      a dry run, the change, a replay and the revert (DELETE), which puts every customer back on basic.
 *
 * CPU per step is read from /proc for the service, PostgreSQL (all its processes) and this client.
 *
 * Run by bench/quota.sh:
 *   java -cp bootstrap/target/tally.jar bench/QuotaBenchmark.java URL JDBC_URL SERVER_PID load|measure
 * with the tokens in BENCH_SERVICE_TOKEN (events:write customers:write), BENCH_QUOTA_TOKEN (quota:read),
 * BENCH_OWNER_TOKEN, BENCH_MANAGER_TOKEN and BENCH_ADMIN_TOKEN; BENCH_SECONDS (default 30) per quota step,
 * BENCH_WARMUP_SECONDS (default 60) of warm-up, BENCH_CLIENT=jdk for the JDK HttpClient.
 */
public final class QuotaBenchmark {

    static final String TENANT = "bench";
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final String METER = "transcription_minutes";
    static final BigDecimal LIMIT = BigDecimal.valueOf(600);
    static final int CUSTOMERS = 10_000;
    /** Customers c-00000 … c-00999: created and given this month's transcriptions over the API; the quota-checked ones. */
    static final int CHECKED = 1_000;
    /** Customers c-01000 … c-01999 take the reserving checks, so that the checked customers' usage never changes. */
    static final int RESERVING_FIRST = 1_000;
    static final int RESERVING = 1_000;
    static final int BACKGROUND_TRANSCRIPTIONS = 500_000;
    static final int BACKGROUND_API_CALLS = 1_000_000;
    static final int BATCH = 1_000;
    static final int CALLERS = 50;
    static final int[] RATES = {300, 600, 1500};
    static final int RESERVE_RATE = 100;
    static final int RESET_RUNS = 5;
    static final Path LOADED = Path.of("bench/target/quota-loaded.tsv");

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String jdbcUrl = args[1];
        long serverPid = Long.parseLong(args[2]);
        if (args[3].equals("load")) {
            load(url, jdbcUrl);
        } else {
            measure(url, jdbcUrl, serverPid);
        }
    }

    static String customer(int i) {
        return "c-%05d".formatted(i);
    }

    static Connection database(String jdbcUrl) throws Exception {
        return DriverManager.getConnection(jdbcUrl, System.getenv().getOrDefault("TALLY_DB_USER", "postgres"),
                System.getenv().getOrDefault("TALLY_DB_PASSWORD", ""));
    }

    /** The start of the current calendar month in Europe/Berlin: where a calendar_month limit's window starts now. */
    static Instant monthStart() {
        return ZonedDateTime.now(ZONE).withDayOfMonth(1).toLocalDate().atStartOfDay(ZONE).toInstant();
    }

    static Instant monthEnd() {
        return ZonedDateTime.now(ZONE).withDayOfMonth(1).toLocalDate().plusMonths(1).atStartOfDay(ZONE).toInstant();
    }

    // ---------------------------------------------------------------- load

    static void load(String url, String jdbcUrl) throws Exception {
        String service = System.getenv("BENCH_SERVICE_TOKEN");
        check(send("PUT", url + "/api/v1/tenant/settings", System.getenv("BENCH_OWNER_TOKEN"), "application/json",
                "{\"timezone\": \"Europe/Berlin\", \"currency\": \"EUR\"}"), 200);
        check(send("POST", url + "/api/v1/plans", System.getenv("BENCH_MANAGER_TOKEN"), "application/json", """
                {"key": "basic", "name": "Basic",
                 "limits": [{"meter": "transcription_minutes", "amount": 600, "period": "calendar_month", "enforcement": "hard"}]}"""), 201);

        // The checked customers over the API, 8 at a time.
        long started = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        parallel(8, () -> {
            for (int i = next.getAndIncrement(); i < CHECKED; i = next.getAndIncrement()) {
                check(send("PUT", url + "/internal/v1/customers/" + customer(i), service, "application/json",
                        "{\"display_name\": \"Bench " + customer(i) + "\", \"timezone\": \"Europe/Berlin\", \"plan\": \"basic\"}"), 201);
            }
        });
        System.out.printf("load.api_customers=%d%nload.api_customers_seconds=%.1f%n", CHECKED, (System.nanoTime() - started) / 1e9);

        long tenantId;
        try (Connection db = database(jdbcUrl); Statement statement = db.createStatement()) {
            tenantId = single(statement, "SELECT tenant_id FROM tenant WHERE tenant_key = '" + TENANT + "'");
            started = System.nanoTime();
            int inserted = statement.executeUpdate("""
                    INSERT INTO customer (tenant_id, external_id, display_name, timezone, plan, status, created_at, updated_at)
                    SELECT %d, 'c-' || lpad(g::text, 5, '0'), 'Bench c-' || lpad(g::text, 5, '0'), 'Europe/Berlin', 'basic', 'active', now(), now()
                      FROM generate_series(%d, %d) AS g""".formatted(tenantId, CHECKED, CUSTOMERS - 1));
            System.out.printf("load.sql_customers=%d%nload.sql_customers_seconds=%.1f%n", inserted, (System.nanoTime() - started) / 1e9);
        }

        // This month's transcriptions of the checked customers, over the API: 30–60 each at random times between
        // the month's start and now, 0.50–9.50 minutes each (at most 570 a customer, below the limit).
        Instant from = monthStart().plusSeconds(60);
        Instant to = Instant.now().minusSeconds(60);
        if (!to.isAfter(from.plusSeconds(3600))) {
            throw new IllegalStateException("the month started less than an hour ago; run the load later");
        }
        Random random = new Random(11);
        BigDecimal[] loaded = new BigDecimal[CHECKED];
        List<ByteArrayOutputStream> batches = new ArrayList<>();
        JsonGenerator out = null;
        int inBatch = BATCH;
        int events = 0;
        for (int c = 0; c < CHECKED; c++) {
            loaded[c] = BigDecimal.ZERO;
            int n = 30 + random.nextInt(31);
            for (int k = 0; k < n; k++) {
                if (inBatch == BATCH) {
                    if (out != null) {
                        out.writeEndArray();
                        out.close();
                    }
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream(BATCH * 220);
                    batches.add(bytes);
                    out = new JsonFactory().createGenerator(bytes);
                    out.writeStartArray();
                    inBatch = 0;
                }
                BigDecimal minutes = BigDecimal.valueOf(50 + random.nextInt(901), 2);
                loaded[c] = loaded[c].add(minutes);
                Instant time = from.plusMillis((long) (random.nextDouble() * Duration.between(from, to).toMillis()));
                out.writeStartObject();
                out.writeStringField("specversion", "1.0");
                out.writeStringField("id", "q-" + c + "-" + k);
                out.writeStringField("source", "transcription-service");
                out.writeStringField("type", "transcription");
                out.writeStringField("subject", customer(c));
                out.writeStringField("time", time.toString());
                out.writeObjectFieldStart("data");
                out.writeStringField("status", random.nextInt(10) == 0 ? "failed" : "completed");
                out.writeNumberField("minutes", minutes);
                out.writeEndObject();
                out.writeEndObject();
                inBatch++;
                events++;
            }
        }
        out.writeEndArray();
        out.close();
        started = System.nanoTime();
        AtomicInteger nextBatch = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        parallel(4, () -> {
            for (int b = nextBatch.getAndIncrement(); b < batches.size(); b = nextBatch.getAndIncrement()) {
                HttpResponse<String> reply = send("POST", url + "/internal/v1/events", service, "application/cloudevents-batch+json",
                        batches.get(b).toByteArray());
                JsonNode answer = reply.statusCode() == 200 ? JSON.readTree(reply.body()) : null;
                if (answer == null || answer.get("duplicates").asInt() != 0 || answer.get("conflicts").asInt() != 0
                        || answer.get("rejected").asInt() != 0) {
                    throw new IllegalStateException("batch " + b + ": " + reply.statusCode() + " " + reply.body());
                }
                accepted.addAndGet(answer.get("accepted").asInt());
            }
        });
        System.out.printf("load.api_events=%d%nload.api_events_accepted=%d%nload.api_batches=%d%nload.api_events_seconds=%.1f%n", events,
                accepted.get(), batches.size(), (System.nanoTime() - started) / 1e9);
        if (accepted.get() != events) {
            throw new IllegalStateException(accepted.get() + " of " + events + " events accepted");
        }
        StringBuilder tsv = new StringBuilder();
        for (int c = 0; c < CHECKED; c++) {
            tsv.append(customer(c)).append('\t').append(loaded[c].toPlainString()).append('\n');
        }
        Files.createDirectories(LOADED.getParent());
        Files.writeString(LOADED, tsv);

        try (Connection db = database(jdbcUrl); Statement statement = db.createStatement()) {
            started = System.nanoTime();
            background(statement, tenantId);
            System.out.printf("load.sql_events=%d%nload.sql_events_seconds=%.1f%n", BACKGROUND_TRANSCRIPTIONS + BACKGROUND_API_CALLS,
                    (System.nanoTime() - started) / 1e9);
            long waited = System.nanoTime();
            while (single(statement, "SELECT count(*) FROM usage_rollup_pending") != 0) {
                Thread.sleep(200);
            }
            System.out.printf("load.fold_wait_seconds=%.1f%n", (System.nanoTime() - waited) / 1e9);
            statement.execute("ANALYZE");
        }
    }

    /**
     * The background, by SQL, from the start of the month two months back to now: transcriptions of every
     * customer (those of the checked customers only before this month) and API calls of every customer, with the
     * partitions they need and the names of their data in usage_event_schema.
     */
    static void background(Statement statement, long tenantId) throws Exception {
        Instant monthStart = monthStart();
        Instant from = ZonedDateTime.ofInstant(monthStart, ZONE).minusMonths(2).toInstant();
        Instant now = Instant.now().minusSeconds(60);
        statement.execute("SELECT usage_event_ensure_partition(m AT TIME ZONE 'UTC') FROM generate_series(date_trunc('month', timestamptz '"
                + from + "' AT TIME ZONE 'UTC'), timestamptz '" + now + "' AT TIME ZONE 'UTC', interval '1 month') AS m");
        statement.execute("SELECT setseed(0.42)");
        statement.execute("""
                INSERT INTO usage_event (tenant_id, occurred_at, customer_id, type, source, event_id, data, received_at)
                SELECT %1$d, t, ids[1 + k], 'transcription', 'transcription-service', 'bg-t-' || g,
                       jsonb_build_object('status', CASE WHEN g %% 10 = 0 THEN 'failed' ELSE 'completed' END,
                                          'minutes', round((0.10 + random() * 4.90)::numeric, 2)),
                       t + interval '3 seconds'
                  FROM (SELECT array_agg(customer_id ORDER BY external_id) AS ids FROM customer WHERE tenant_id = %1$d) AS c,
                       generate_series(1::bigint, %2$d) AS g,
                       LATERAL (SELECT (g * 7919) %% %3$d AS k) AS x,
                       LATERAL (SELECT timestamptz '%4$s' + random() * (CASE WHEN k < %5$d THEN timestamptz '%6$s' ELSE timestamptz '%7$s' END
                                                                         - timestamptz '%4$s') AS t) AS y"""
                .formatted(tenantId, BACKGROUND_TRANSCRIPTIONS, CUSTOMERS, from, CHECKED, monthStart, now));
        statement.execute("""
                INSERT INTO usage_event (tenant_id, occurred_at, customer_id, type, source, event_id, data, received_at)
                SELECT %1$d, t, ids[1 + (g * 104729) %% %3$d], 'api.call', 'api-gateway', 'bg-a-' || g,
                       jsonb_build_object('method', (ARRAY['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'])[1 + g %% 6],
                                          'route', (ARRAY['/v1/contacts', '/v1/contacts/{id}', '/v1/calls', '/v1/calls/{id}', '/v1/search'])[1 + (g / 7) %% 5],
                                          'status', (ARRAY[200, 200, 200, 200, 201, 400, 404, 500])[1 + (g / 3) %% 8],
                                          'duration_ms', 5 + (g * 31) %% 400),
                       t + interval '1 second'
                  FROM (SELECT array_agg(customer_id ORDER BY external_id) AS ids FROM customer WHERE tenant_id = %1$d) AS c,
                       generate_series(1::bigint, %2$d) AS g,
                       LATERAL (SELECT timestamptz '%4$s' + random() * (timestamptz '%5$s' - timestamptz '%4$s') AS t) AS y"""
                .formatted(tenantId, BACKGROUND_API_CALLS, CUSTOMERS, from, now));
        for (String[] name : new String[][] {{"method", "dimension"}, {"route", "dimension"}, {"status", "measure"}, {"duration_ms", "measure"}}) {
            statement.execute("INSERT INTO usage_event_schema (tenant_id, type, name, kind, first_seen) VALUES (" + tenantId
                    + ", 'api.call', '" + name[0] + "', '" + name[1] + "', now()) ON CONFLICT DO NOTHING");
        }
    }

    // ---------------------------------------------------------------- measure

    static void measure(String url, String jdbcUrl, long serverPid) throws Exception {
        String quota = System.getenv("BENCH_QUOTA_TOKEN");
        String admin = System.getenv("BENCH_ADMIN_TOKEN");
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "30"));
        Instant monthStart = monthStart();
        long tenantId;
        try (Connection db = database(jdbcUrl); Statement statement = db.createStatement()) {
            tenantId = single(statement, "SELECT tenant_id FROM tenant WHERE tenant_key = '" + TENANT + "'");
            System.out.printf("data.customers=%d%n", single(statement, "SELECT count(*) FROM customer WHERE tenant_id = " + tenantId));
            System.out.printf("data.customers_on_basic=%d%n",
                    single(statement, "SELECT count(*) FROM customer WHERE tenant_id = " + tenantId + " AND plan = 'basic'"));
            try (ResultSet rows = statement.executeQuery("SELECT type, count(*) FROM usage_event GROUP BY type ORDER BY type")) {
                while (rows.next()) {
                    System.out.printf("data.events.%s=%d%n", rows.getString(1), rows.getLong(2));
                }
            }
            try (ResultSet rows = statement.executeQuery("""
                    SELECT count(*), count(DISTINCT customer_id), sum((data ->> 'minutes')::numeric)
                      FROM usage_event e JOIN customer c USING (tenant_id, customer_id)
                     WHERE e.tenant_id = %d AND e.type = 'transcription' AND e.occurred_at >= '%s' AND c.external_id < '%s'"""
                    .formatted(tenantId, monthStart, customer(CHECKED)))) {
                rows.next();
                System.out.printf("data.checked.month_events=%d%ndata.checked.customers_with_events=%d%ndata.checked.month_minutes=%s%n",
                        rows.getLong(1), rows.getLong(2), rows.getBigDecimal(3).toPlainString());
            }
            System.out.printf("data.month_start=%s%ndata.month_end=%s%n", monthStart, monthEnd());
            // A run that stopped half-way may have left resets in force: revert them, or every check would count 0.
            List<String> open = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT reset_id FROM usage_reset WHERE tenant_id = " + tenantId + " AND reverted_at IS NULL")) {
                while (rows.next()) {
                    open.add(rows.getString(1));
                }
            }
            for (String id : open) {
                check(send("DELETE", url + "/api/v1/admin/usage-resets/" + id, admin, null, null), 200);
            }
            System.out.printf("data.resets_reverted_before=%d%n", open.size());
            System.out.printf("data.reset_customer_rows=%d%n", single(statement, "SELECT count(*) FROM usage_reset_customer"));
            // Nor customer changes: every customer must be on basic for the checks.
            List<String> changed = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT change_id FROM customer_change WHERE tenant_id = " + tenantId
                    + " AND reverted_at IS NULL")) {
                while (rows.next()) {
                    changed.add(rows.getString(1));
                }
            }
            for (String id : changed) {
                check(send("DELETE", url + "/api/v1/admin/customer-changes/" + id, admin, null, null), 200);
            }
            System.out.printf("data.changes_reverted_before=%d%n", changed.size());
        }

        // 0. The answers are right: used is the minutes loaded this month, remaining 600 minus them.
        verify(url, jdbcUrl, tenantId, quota, monthStart);

        // 1. Quota checks.
        String checkUrl = url + "/internal/v1/quota-checks";
        Load checks = new Load(checkUrl, quota, false, 0, CHECKED);
        System.out.println("check.client=" + ("jdk".equals(System.getenv("BENCH_CLIENT")) ? "JDK HttpClient" : "keep-alive socket per caller"));
        // Warms the service up (JIT), whatever came before: 10 callers, not counted (60 s unless BENCH_WARMUP_SECONDS).
        closedLoop("check.warmup", checks, 10, 0, Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP_SECONDS", "60")), serverPid);
        closedLoop("check.closed_1", checks, 1, 5, Math.min(seconds, 15), serverPid);
        closedLoop("check.closed_50", checks, CALLERS, 10, seconds, serverPid);
        for (int rate : RATES) {
            openLoop("check.open_" + rate, checks, CALLERS, rate, 5, seconds, serverPid);
        }
        long reservedBefore;
        try (Connection db = database(jdbcUrl); Statement statement = db.createStatement()) {
            reservedBefore = single(statement, "SELECT count(*) FROM usage_event WHERE tenant_id = " + tenantId + " AND source = 'tally.quota'");
        }
        Load reservations = new Load(checkUrl, quota, true, RESERVING_FIRST, RESERVING);
        openLoop("check.reserve_" + RESERVE_RATE, reservations, CALLERS, RESERVE_RATE, 5, Math.min(seconds, 20), serverPid);
        try (Connection db = database(jdbcUrl); Statement statement = db.createStatement()) {
            long recorded = single(statement, "SELECT count(*) FROM usage_event WHERE tenant_id = " + tenantId + " AND source = 'tally.quota'")
                    - reservedBefore;
            System.out.printf("check.reserve_%d.reservations_with_warmup=%d%ncheck.reserve_%d.events_recorded=%d%n", RESERVE_RATE,
                    reservations.answered().get(), RESERVE_RATE, recorded);
            if (recorded != reservations.answered().get()) {
                throw new IllegalStateException(reservations.answered().get() + " reservations were allowed but " + recorded + " events recorded");
            }
        }

        // 2. The measure query by itself.
        explain(jdbcUrl, tenantId, monthStart);

        // 3. Bulk resets.
        resets(url, admin, serverPid);

        // 4. Bulk customer changes.
        changes(url, jdbcUrl, tenantId, admin, System.getenv("BENCH_MANAGER_TOKEN"), serverPid);
    }

    /**
     * Checks 20 checked customers (and two reserving ones for the period end): used equals the minutes loaded
     * over HTTP (bench/target/quota-loaded.tsv, when there) and the sum PostgreSQL computes from their events of
     * this month, remaining is 600 minus it, and the period ends at the end of the month in Europe/Berlin.
     */
    static void verify(String url, String jdbcUrl, long tenantId, String token, Instant monthStart) throws Exception {
        Map<String, BigDecimal> loaded = new LinkedHashMap<>();
        if (Files.exists(LOADED)) {
            for (String line : Files.readAllLines(LOADED)) {
                String[] cells = line.split("\t");
                loaded.put(cells[0], new BigDecimal(cells[1]));
            }
        }
        int checked = 0;
        try (Connection db = database(jdbcUrl); PreparedStatement sum = db.prepareStatement("""
                SELECT coalesce(sum((e.data ->> 'minutes')::numeric), 0)
                  FROM usage_event e JOIN customer c ON c.tenant_id = e.tenant_id AND c.customer_id = e.customer_id
                 WHERE e.tenant_id = ? AND c.external_id = ? AND e.type = 'transcription' AND e.occurred_at >= ?""")) {
            for (int i = 0; i < CHECKED; i += 50) {
                String id = customer(i + i / 50);
                sum.setLong(1, tenantId);
                sum.setString(2, id);
                sum.setTimestamp(3, Timestamp.from(monthStart));
                BigDecimal expected;
                try (ResultSet rows = sum.executeQuery()) {
                    rows.next();
                    expected = rows.getBigDecimal(1);
                }
                if (loaded.containsKey(id) && loaded.get(id).compareTo(expected) != 0) {
                    throw new IllegalStateException(id + ": loaded " + loaded.get(id) + " minutes, but PostgreSQL sums " + expected);
                }
                JsonNode answer = JSON.readTree(check(send("POST", url + "/internal/v1/quota-checks", token, "application/json",
                        "{\"customer\": \"" + id + "\", \"meter\": \"" + METER + "\", \"amount\": 1, \"reserve\": false}"), 200).body());
                BigDecimal used = answer.get("used").decimalValue();
                BigDecimal remaining = answer.get("remaining").decimalValue();
                if (used.compareTo(expected) != 0 || remaining.compareTo(LIMIT.subtract(expected)) != 0 || !answer.get("allowed").asBoolean()
                        || answer.get("limit").decimalValue().compareTo(LIMIT) != 0 || answer.get("reserved").asBoolean()
                        || !Instant.parse(answer.get("period_end").asText()).equals(monthEnd())) {
                    throw new IllegalStateException(id + " answered " + answer + ", expected used " + expected + " and remaining "
                            + LIMIT.subtract(expected) + " until " + monthEnd());
                }
                if (checked == 0) {
                    System.out.printf("verify.example=%s used %s (loaded %s) -> %s%n", id, expected.toPlainString(),
                            loaded.containsKey(id) ? loaded.get(id).toPlainString() : "?", answer);
                }
                checked++;
            }
        }
        System.out.printf("verify.customers_checked=%d%nverify.loaded_file=%s%nverify.ok=true%n", checked, !loaded.isEmpty());
    }

    // ---------------------------------------------------------------- the quota-check loads

    /**
     * Quota checks of amount 1 for random customers first … first + count - 1, reserving or not. Each caller sends
     * them over a keep-alive connection of its own: a plain HTTP/1.1 socket by default, which costs the client
     * little CPU (it shares the two cores with the service and PostgreSQL), or the JDK's HttpClient with
     * BENCH_CLIENT=jdk (about 1 ms of client CPU a request here).
     */
    record Load(String url, String token, boolean reserve, int first, int count, java.util.concurrent.atomic.AtomicLong answered) {

        Load(String url, String token, boolean reserve, int first, int count) {
            this(url, token, reserve, first, count, new java.util.concurrent.atomic.AtomicLong());
        }

        String body() {
            return "{\"customer\": \"" + customer(first + ThreadLocalRandom.current().nextInt(count)) + "\", \"meter\": \"" + METER
                    + "\", \"amount\": 1, \"reserve\": " + reserve + "}";
        }

        /** A caller: sends one check; null when it was answered 200 with allowed (and reserved, when reserving), else what went wrong. */
        Caller caller() {
            if ("jdk".equals(System.getenv("BENCH_CLIENT"))) {
                return () -> {
                    try {
                        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body())).build(), HttpResponse.BodyHandlers.ofString());
                        return judge(reply.statusCode(), reply.body());
                    } catch (Exception e) {
                        return e.toString();
                    }
                };
            }
            KeepAlive connection = new KeepAlive(URI.create(url), token);
            return () -> {
                try {
                    return connection.post(body());
                } catch (Exception e) {
                    connection.close();
                    return e.toString();
                }
            };
        }

        /** Null for a 200 with allowed (and reserved, when reserving), counted in answered; else what went wrong. */
        String judge(int status, String body) {
            if (status != 200 || !body.contains("\"allowed\":true") || body.contains("\"reserved\":true") != reserve) {
                return status + " " + body;
            }
            answered.incrementAndGet();
            return null;
        }

        /** A minimal HTTP/1.1 client over one socket kept alive: POSTs JSON, reads the status, headers and body. */
        final class KeepAlive {
            final URI uri;
            final byte[] head;
            java.net.Socket socket;
            java.io.InputStream in;
            java.io.OutputStream out;

            KeepAlive(URI uri, String token) {
                this.uri = uri;
                this.head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nAuthorization: Bearer "
                        + token + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }

            String post(String body) throws IOException {
                if (socket == null) {
                    socket = new java.net.Socket(uri.getHost(), uri.getPort());
                    socket.setTcpNoDelay(true);
                    socket.setSoTimeout(30_000);
                    in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
                    out = socket.getOutputStream();
                }
                byte[] content = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ByteArrayOutputStream request = new ByteArrayOutputStream(head.length + content.length + 16);
                request.write(head);
                request.write((content.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                request.write(content);
                out.write(request.toByteArray());
                out.flush();
                String statusLine = line();
                int status = Integer.parseInt(statusLine.substring(9, 12));
                int length = -1;
                boolean chunked = false;
                boolean close = false;
                for (String header = line(); !header.isEmpty(); header = line()) {
                    String lower = header.toLowerCase(java.util.Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        length = Integer.parseInt(lower.substring(15).trim());
                    } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    } else if (lower.startsWith("connection:") && lower.contains("close")) {
                        close = true;
                    }
                }
                ByteArrayOutputStream reply = new ByteArrayOutputStream(Math.max(length, 256));
                if (chunked) {
                    for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0; size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                        reply.write(in.readNBytes(size));
                        line();
                    }
                    line();
                } else if (length >= 0) {
                    reply.write(in.readNBytes(length));
                } else {
                    throw new IOException("a reply without Content-Length or chunks: " + statusLine);
                }
                if (close) {
                    close();
                }
                return judge(status, reply.toString(java.nio.charset.StandardCharsets.UTF_8));
            }

            String line() throws IOException {
                StringBuilder line = new StringBuilder(64);
                for (int c = in.read(); c != '\n'; c = in.read()) {
                    if (c < 0) {
                        throw new IOException("the connection closed");
                    }
                    if (c != '\r') {
                        line.append((char) c);
                    }
                }
                return line.toString();
            }

            void close() {
                try {
                    if (socket != null) {
                        socket.close();
                    }
                } catch (IOException ignored) {
                    // closing anyway
                }
                socket = null;
            }
        }
    }

    interface Caller {
        String call();
    }

    /** What one caller saw: latencies (ns), service times (ns, open loop only), and the errors. */
    static final class Samples {
        long[] latency = new long[1024];
        long[] service = new long[1024];
        long[] ends = new long[1024];
        int n;
        int errors;
        long last;

        void add(long latencyNanos, long serviceNanos, long end) {
            if (n == latency.length) {
                latency = Arrays.copyOf(latency, n * 2);
                service = Arrays.copyOf(service, n * 2);
                ends = Arrays.copyOf(ends, n * 2);
            }
            latency[n] = latencyNanos;
            service[n] = serviceNanos;
            ends[n++] = end;
            last = Math.max(last, end);
        }
    }

    record Result(long requests, long allowed, double seconds) {
    }

    /** callers threads, each sending its next check as soon as the last is answered; warm-up seconds, then measured seconds. */
    static Result closedLoop(String name, Load load, int callers, int warmup, int seconds, long serverPid) throws Exception {
        long begin = System.nanoTime();
        long measureFrom = begin + warmup * 1_000_000_000L;
        long measureTo = measureFrom + seconds * 1_000_000_000L;
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Samples> all = new ArrayList<>();
        double[][] cpu = new double[2][];
        Thread meter = cpuMeter(serverPid, measureFrom, measureTo, cpu);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            Samples samples = new Samples();
            all.add(samples);
            Caller caller = load.caller();
            threads.add(Thread.ofPlatform().name("caller-" + c).start(() -> {
                for (long start = System.nanoTime(); start < measureTo; start = System.nanoTime()) {
                    String error = caller.call();
                    long end = System.nanoTime();
                    if (start >= measureFrom) {
                        if (error != null) {
                            samples.errors++;
                            firstError.compareAndSet(null, error);
                        }
                        samples.add(end - start, end - start, end);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        meter.join();
        return report(name, callers, 0, all, measureFrom, firstError.get(), cpu, false);
    }

    /**
     * callers threads sharing an offered rate: caller c sends at measureStart + (c + k × callers) / rate for
     * k = 0, 1, …; a latency runs from the scheduled send, not the actual one, so a late caller's wait counts.
     */
    static Result openLoop(String name, Load load, int callers, int rate, int warmup, int seconds, long serverPid) throws Exception {
        long period = callers * 1_000_000_000L / rate;
        long begin = System.nanoTime() + 100_000_000L;
        long measureFrom = begin + warmup * 1_000_000_000L;
        long measureTo = measureFrom + seconds * 1_000_000_000L;
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Samples> all = new ArrayList<>();
        double[][] cpu = new double[2][];
        Thread meter = cpuMeter(serverPid, measureFrom, measureTo, cpu);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            Samples samples = new Samples();
            all.add(samples);
            long offset = c * period / callers;
            Caller caller = load.caller();
            threads.add(Thread.ofPlatform().name("caller-" + c).start(() -> {
                for (long scheduled = begin + offset; scheduled < measureTo; scheduled += period) {
                    for (long wait = scheduled - System.nanoTime(); wait > 0; wait = scheduled - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    long start = System.nanoTime();
                    String error = caller.call();
                    long end = System.nanoTime();
                    if (scheduled >= measureFrom) {
                        if (error != null) {
                            samples.errors++;
                            firstError.compareAndSet(null, error);
                        }
                        samples.add(end - scheduled, end - start, end);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        meter.join();
        return report(name, callers, rate, all, measureFrom, firstError.get(), cpu, true);
    }

    static Result report(String name, int callers, int rate, List<Samples> all, long measureFrom, String firstError, double[][] cpu,
                         boolean open) {
        int total = all.stream().mapToInt(s -> s.n).sum();
        long[] latency = new long[total];
        long[] service = new long[total];
        int at = 0;
        int errors = 0;
        long last = measureFrom;
        for (Samples samples : all) {
            System.arraycopy(samples.latency, 0, latency, at, samples.n);
            System.arraycopy(samples.service, 0, service, at, samples.n);
            at += samples.n;
            errors += samples.errors;
            last = Math.max(last, samples.last);
        }
        double seconds = (last - measureFrom) / 1e9;
        Instant wallFrom = Instant.now().minusNanos(System.nanoTime() - measureFrom);
        System.out.printf("%s.window=%s/%s%n", name, wallFrom.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                wallFrom.plusNanos(last - measureFrom).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        System.out.printf("%s.callers=%d%n", name, callers);
        if (open) {
            System.out.printf("%s.offered_per_second=%d%n", name, rate);
        }
        System.out.printf("%s.requests=%d%n%s.errors=%d%n%s.seconds=%.1f%n%s.per_second=%.0f%n", name, total, name, errors, name, seconds, name,
                total / seconds);
        if (firstError != null) {
            System.out.printf("%s.first_error=%s%n", name, firstError.length() > 300 ? firstError.substring(0, 300) : firstError);
        }
        // Are the checks over 10 ms spread out, or bunched in a few seconds (a pause, a stall)?
        int[] slowPerSecond = new int[(int) Math.ceil(seconds) + 1];
        int slow = 0;
        for (Samples samples : all) {
            for (int i = 0; i < samples.n; i++) {
                if (samples.latency[i] > 10_000_000L) {
                    slow++;
                    slowPerSecond[(int) Math.min(slowPerSecond.length - 1, Math.max(0, (samples.ends[i] - measureFrom) / 1_000_000_000L))]++;
                }
            }
        }
        Integer[] order = new Integer[slowPerSecond.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> slowPerSecond[b] - slowPerSecond[a]);
        StringBuilder worst = new StringBuilder();
        for (int i = 0; i < Math.min(3, order.length) && slowPerSecond[order[i]] > 0; i++) {
            worst.append(i == 0 ? "" : ", ").append("second ").append(order[i] + 1).append(": ").append(slowPerSecond[order[i]]);
        }
        System.out.printf("%s.over_10ms=%d (%.2f %%)%s%n", name, slow, 100.0 * slow / Math.max(1, total),
                worst.isEmpty() ? "" : "; most in " + worst);
        Arrays.sort(latency);
        Arrays.sort(service);
        System.out.printf("%s.latency_ms=p50 %.1f / p90 %.1f / p99 %.1f / p99.9 %.1f / max %.1f%n", name,
                pct(latency, 50), pct(latency, 90), pct(latency, 99), pct(latency, 99.9), pct(latency, 100));
        if (open) {
            System.out.printf("%s.service_ms=p50 %.1f / p90 %.1f / p99 %.1f / p99.9 %.1f / max %.1f%n", name,
                    pct(service, 50), pct(service, 90), pct(service, 99), pct(service, 99.9), pct(service, 100));
        }
        System.out.printf("%s.p99_target_met=%s%n", name, pct(latency, 99) <= 10.0);
        if (cpu[0] != null && cpu[1] != null) {
            double elapsed = cpu[1][3] - cpu[0][3];
            System.out.printf("%s.cpu_cores=service %.2f / postgres %.2f / client %.2f / machine busy %.2f of %d / stolen %.2f%n", name,
                    (cpu[1][0] - cpu[0][0]) / elapsed, (cpu[1][1] - cpu[0][1]) / elapsed, (cpu[1][2] - cpu[0][2]) / elapsed,
                    (cpu[1][4] - cpu[0][4]) / elapsed, Runtime.getRuntime().availableProcessors(), (cpu[1][5] - cpu[0][5]) / elapsed);
            System.out.printf("%s.cpu_ms_per_check=service %.2f / postgres %.2f%n", name,
                    (cpu[1][0] - cpu[0][0]) * 1e3 / (elapsed * total / seconds), (cpu[1][1] - cpu[0][1]) * 1e3 / (elapsed * total / seconds));
        }
        return new Result(total, total - errors, seconds);
    }

    /** The nearest-rank percentile of sorted nanoseconds, in milliseconds. */
    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * p / 100.0) - 1)] / 1e6;
    }

    /** Reads CPU (see cpuSeconds) at from and at to (nanoTime), into into[0] and into[1]. */
    static Thread cpuMeter(long serverPid, long from, long to, double[][] into) {
        return Thread.ofPlatform().daemon().start(() -> {
            for (int i = 0; i < 2; i++) {
                long at = i == 0 ? from : to;
                for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                into[i] = cpuSeconds(serverPid);
            }
        });
    }

    // ---------------------------------------------------------------- the measure query

    /**
     * The statement UsageAggregationPersistenceAdapter.fromEvents builds for transcription_minutes of one customer
     * over this month: under EXPLAIN (ANALYZE, BUFFERS) once, then timed 500 times (random checked customers) over
     * one JDBC connection, as a prepared statement like the service's.
     */
    static void explain(String jdbcUrl, long tenantId, Instant monthStart) throws Exception {
        String sql = """
                SELECT width_bucket(e.occurred_at, ?), sum(CASE WHEN jsonb_typeof(e.data -> ?) = 'number' THEN (e.data ->> ?)::numeric END) \
                FILTER (WHERE true) FROM usage_event e WHERE e.tenant_id = ? AND e.type = ? AND e.customer_id = ? AND e.occurred_at >= ? \
                AND e.occurred_at < ? GROUP BY 1""";
        Instant end = monthEnd();
        try (Connection db = database(jdbcUrl)) {
            long customerId;
            try (Statement statement = db.createStatement()) {
                customerId = single(statement, "SELECT customer_id FROM customer WHERE tenant_id = " + tenantId + " AND external_id = '"
                        + customer(0) + "'");
            }
            try (PreparedStatement explain = db.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
                bindMeasure(explain, db, tenantId, customerId, monthStart, end);
                int line = 0;
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        System.out.printf("explain.%02d=%s%n", ++line, rows.getString(1));
                    }
                }
            }
            List<Long> ids = new ArrayList<>();
            try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(
                    "SELECT customer_id FROM customer WHERE tenant_id = " + tenantId + " AND external_id < '" + customer(CHECKED) + "'")) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            long[] times = new long[500];
            Random random = new Random(3);
            try (PreparedStatement query = db.prepareStatement(sql)) {
                for (int i = -50; i < times.length; i++) {
                    long started = System.nanoTime();
                    bindMeasure(query, db, tenantId, ids.get(random.nextInt(ids.size())), monthStart, end);
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            rows.getBigDecimal(2);
                        }
                    }
                    if (i >= 0) {
                        times[i] = System.nanoTime() - started;
                    }
                }
            }
            Arrays.sort(times);
            System.out.printf("measure_query.jdbc_ms=p50 %.2f / p90 %.2f / p99 %.2f / max %.2f (500 runs, one connection, sequential)%n",
                    pct(times, 50), pct(times, 90), pct(times, 99), pct(times, 100));
        }
    }

    static void bindMeasure(PreparedStatement statement, Connection db, long tenantId, long customerId, Instant from, Instant to) throws Exception {
        statement.setArray(1, db.createArrayOf("timestamptz", new String[] {from.toString()}));
        statement.setString(2, "minutes");
        statement.setString(3, "minutes");
        statement.setLong(4, tenantId);
        statement.setString(5, "transcription");
        statement.setLong(6, customerId);
        statement.setObject(7, from.atOffset(java.time.ZoneOffset.UTC));
        statement.setObject(8, to.atOffset(java.time.ZoneOffset.UTC));
    }

    // ---------------------------------------------------------------- bulk resets

    record Reset(long nanos, JsonNode answer) {
    }

    static Reset reset(String url, String admin, List<String> ids, String key) throws Exception {
        StringBuilder body = new StringBuilder(ids.size() * 12 + 100).append("{\"customer_ids\": [");
        for (int i = 0; i < ids.size(); i++) {
            body.append(i == 0 ? "\"" : ", \"").append(ids.get(i)).append('"');
        }
        body.append("], \"reset_type\": \"usage\", \"reason\": \"bench: quota.sh\"}");
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/admin/usage-resets")).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        long started = System.nanoTime();
        HttpResponse<String> reply = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - started;
        if (reply.statusCode() != 200) {
            throw new IllegalStateException("the reset answered " + reply.statusCode() + ": " + reply.body());
        }
        return new Reset(nanos, JSON.readTree(reply.body()));
    }

    static void expect(Reset reset, int resetCount, int notFound, int size, boolean replayed) {
        JsonNode counts = reset.answer().get("counts");
        if (counts.get("reset").asInt() != resetCount || counts.get("not_found").asInt() != notFound || counts.get("skipped").asInt() != 0
                || reset.answer().get("customers").size() != size || reset.answer().get("replayed").asBoolean() != replayed) {
            throw new IllegalStateException("the reset answered counts " + counts + " for " + reset.answer().get("customers").size()
                    + " customers, replayed " + reset.answer().get("replayed") + "; expected reset " + resetCount + ", not_found " + notFound);
        }
    }

    static void resets(String url, String admin, long serverPid) throws Exception {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            all.add(customer(i));
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> made = new ArrayList<>();
        Reset warm = reset(url, admin, all, "bench-" + run + "-warmup");
        expect(warm, CUSTOMERS, 0, CUSTOMERS, false);
        made.add(warm.answer().get("id").asText());
        System.out.printf("reset.warmup_ms=%.0f%n", warm.nanos() / 1e6);
        long[] times = new long[RESET_RUNS];
        for (int r = 0; r < RESET_RUNS; r++) {
            double[] before = cpuSeconds(serverPid);
            Reset reset = reset(url, admin, all, "bench-" + run + "-" + r);
            Thread.sleep(300);
            double[] after = cpuSeconds(serverPid);
            expect(reset, CUSTOMERS, 0, CUSTOMERS, false);
            made.add(reset.answer().get("id").asText());
            times[r] = reset.nanos();
            System.out.printf("reset.run%d_ms=%.0f%nreset.run%d_counts=%s%nreset.run%d_cpu_seconds=service %.2f / postgres %.2f / client %.2f%n",
                    r + 1, reset.nanos() / 1e6, r + 1, reset.answer().get("counts"), r + 1, after[0] - before[0], after[1] - before[1],
                    after[2] - before[2]);
        }
        Arrays.sort(times);
        System.out.printf("reset.runs=%d%nreset.p50_ms=%.0f%nreset.max_ms=%.0f%nreset.target_met=%s%n", RESET_RUNS, pct(times, 50),
                pct(times, 100), pct(times, 100) <= 2000);

        Reset replay = reset(url, admin, all, "bench-" + run + "-0");
        expect(replay, CUSTOMERS, 0, CUSTOMERS, true);
        System.out.printf("reset.replay_ms=%.0f%n", replay.nanos() / 1e6);

        List<String> mixed = new ArrayList<>(all.subList(0, CUSTOMERS - 10));
        for (int i = 0; i < 10; i++) {
            mixed.add("ghost-" + i);
        }
        Reset partial = reset(url, admin, mixed, "bench-" + run + "-mixed");
        expect(partial, CUSTOMERS - 10, 10, CUSTOMERS, false);
        made.add(partial.answer().get("id").asText());
        System.out.printf("reset.mixed_ms=%.0f%nreset.mixed_counts=%s%nreset.mixed_last=%s%n", partial.nanos() / 1e6,
                partial.answer().get("counts"), partial.answer().get("customers").get(CUSTOMERS - 1));

        // Revert them all, so that the next run's checks count the loaded usage again.
        long[] reverts = new long[made.size()];
        for (int i = 0; i < made.size(); i++) {
            long started = System.nanoTime();
            check(send("DELETE", url + "/api/v1/admin/usage-resets/" + made.get(i), admin, null, null), 200);
            reverts[i] = System.nanoTime() - started;
        }
        Arrays.sort(reverts);
        System.out.printf("reset.reverted=%d%nreset.revert_p50_ms=%.0f%n", made.size(), pct(reverts, 50));
    }

    // ---------------------------------------------------------------- bulk customer changes

    /** A POST of a customer change: its time from sending to the whole answer read, and the answer. */
    static Reset change(String url, String admin, List<String> ids, String key, boolean dryRun) throws Exception {
        StringBuilder body = new StringBuilder(ids.size() * 12 + 120).append("{\"customer_ids\": [");
        for (int i = 0; i < ids.size(); i++) {
            body.append(i == 0 ? "\"" : ", \"").append(ids.get(i)).append('"');
        }
        body.append("], \"set\": {\"plan\": \"gold\"}, \"reason\": \"bench: quota.sh\", \"dry_run\": ").append(dryRun).append('}');
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/admin/customer-changes")).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        long started = System.nanoTime();
        HttpResponse<String> reply = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - started;
        if (reply.statusCode() != 200) {
            throw new IllegalStateException("the customer change answered " + reply.statusCode() + ": " + reply.body());
        }
        return new Reset(nanos, JSON.readTree(reply.body()));
    }

    static void expectChange(Reset change, int changed, boolean dryRun, boolean replayed) {
        JsonNode counts = change.answer().get("counts");
        if (counts.get("changed").asInt() != changed || counts.get("not_found").asInt() != 0 || counts.get("skipped").asInt() != CUSTOMERS - changed
                || change.answer().get("customers").size() != CUSTOMERS || change.answer().get("dry_run").asBoolean() != dryRun
                || change.answer().get("replayed").asBoolean() != replayed) {
            throw new IllegalStateException("the customer change answered counts " + counts + ", dry_run " + change.answer().get("dry_run")
                    + ", replayed " + change.answer().get("replayed") + "; expected changed " + changed);
        }
    }

    /** The revert of a customer change: its time, after checking that it put every customer back. */
    static long revertChange(String url, String admin, String id) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> reply = check(send("DELETE", url + "/api/v1/admin/customer-changes/" + id, admin, null, null), 200);
        long nanos = System.nanoTime() - started;
        JsonNode revert = JSON.readTree(reply.body()).get("change").get("revert");
        if (revert.get("restored").asInt() != CUSTOMERS || revert.get("kept").asInt() != 0) {
            throw new IllegalStateException("the revert answered " + revert + "; expected " + CUSTOMERS + " restored");
        }
        return nanos;
    }

    /** Customers of the tenant per plan, as "plan=count" sorted. */
    static String plans(String jdbcUrl, long tenantId) throws Exception {
        StringBuilder plans = new StringBuilder();
        try (Connection db = database(jdbcUrl); Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT plan, count(*) FROM customer WHERE tenant_id = " + tenantId + " GROUP BY plan ORDER BY plan")) {
            while (rows.next()) {
                plans.append(plans.isEmpty() ? "" : " ").append(rows.getString(1)).append('=').append(rows.getLong(2));
            }
        }
        return plans.toString();
    }

    /**
     * POST /api/v1/admin/customer-changes moving the 10,000 customers from basic to gold: one warm-up (change and
     * revert), then 5 rounds of a dry run, the change (a new Idempotency-Key each), a replay of its key and its revert
     * (DELETE), each timed by the client from sending to the whole answer read; every answer is checked (counts, 10,000
     * customers listed, 10,000 restored), and after each round every customer must be on basic again.
     */
    static void changes(String url, String jdbcUrl, long tenantId, String admin, String manager, long serverPid) throws Exception {
        int defined = send("POST", url + "/api/v1/plans", manager, "application/json", "{\"key\": \"gold\", \"name\": \"Gold\"}").statusCode();
        if (defined != 201 && defined != 409) {
            throw new IllegalStateException("defining plan gold answered " + defined);
        }
        List<String> all = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            all.add(customer(i));
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        Reset warm = change(url, admin, all, "bench-change-" + run + "-warmup", false);
        expectChange(warm, CUSTOMERS, false, false);
        long warmRevert = revertChange(url, admin, warm.answer().get("id").asText());
        System.out.printf("change.warmup_ms=%.0f%nchange.warmup_revert_ms=%.0f%n", warm.nanos() / 1e6, warmRevert / 1e6);
        long[][] times = new long[4][RESET_RUNS];
        for (int r = 0; r < RESET_RUNS; r++) {
            String key = "bench-change-" + run + "-" + r;
            Reset dry = change(url, admin, all, key, true);
            expectChange(dry, CUSTOMERS, true, false);
            double[] before = cpuSeconds(serverPid);
            Reset made = change(url, admin, all, key, false);
            Thread.sleep(300);
            double[] after = cpuSeconds(serverPid);
            expectChange(made, CUSTOMERS, false, false);
            String moved = plans(jdbcUrl, tenantId);
            Reset replay = change(url, admin, all, key, false);
            expectChange(replay, CUSTOMERS, false, true);
            long revert = revertChange(url, admin, made.answer().get("id").asText());
            String back = plans(jdbcUrl, tenantId);
            if (!moved.equals("gold=" + CUSTOMERS) || !back.equals("basic=" + CUSTOMERS)) {
                throw new IllegalStateException("customers per plan after the change: " + moved + ", after its revert: " + back);
            }
            times[0][r] = dry.nanos();
            times[1][r] = made.nanos();
            times[2][r] = replay.nanos();
            times[3][r] = revert;
            System.out.printf("change.run%d_ms=dry run %.0f / change %.0f / replay %.0f / revert %.0f%nchange.run%d_counts=%s%n"
                            + "change.run%d_cpu_seconds=service %.2f / postgres %.2f / client %.2f%nchange.run%d_plans=%s, then %s%n",
                    r + 1, dry.nanos() / 1e6, made.nanos() / 1e6, replay.nanos() / 1e6, revert / 1e6, r + 1, made.answer().get("counts"), r + 1,
                    after[0] - before[0], after[1] - before[1], after[2] - before[2], r + 1, moved, back);
        }
        String[] names = {"dry_run", "change", "replay", "revert"};
        for (int i = 0; i < names.length; i++) {
            Arrays.sort(times[i]);
            System.out.printf("change.%s.p50_ms=%.0f%nchange.%s.max_ms=%.0f%n", names[i], pct(times[i], 50), names[i], pct(times[i], 100));
        }
        System.out.printf("change.runs=%d%nchange.target_met=%s%n", RESET_RUNS, pct(times[1], 100) < 1000);
    }

    // ---------------------------------------------------------------- CPU

    /**
     * CPU seconds used so far (user + system, from /proc): [0] the service, [1] PostgreSQL (every postgres process,
     * with the ended backends its postmaster has reaped), [2] this client, [3] the wall clock (s), [4] every CPU's
     * busy time from /proc/stat (all processes), [5] the time the hypervisor stole from this machine's CPUs.
     */
    static double[] cpuSeconds(long serverPid) {
        double[] seconds = new double[6];
        seconds[3] = System.nanoTime() / 1e9;
        long self = ProcessHandle.current().pid();
        try {
            String[] total = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            // user nice system idle iowait irq softirq steal: busy is user to softirq but idle and iowait; steal apart
            long busy = 0;
            for (int i = 1; i <= 7 && i < total.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(total[i]);
                }
            }
            seconds[4] = busy / 100.0;
            seconds[5] = total.length > 8 ? Long.parseLong(total[8]) / 100.0 : 0;
        } catch (IOException | RuntimeException e) {
            // no /proc
        }
        java.io.File[] processes = new java.io.File("/proc").listFiles((dir, name) -> name.chars().allMatch(Character::isDigit));
        if (processes == null) {
            return seconds;
        }
        for (java.io.File process : processes) {
            try {
                String stat = Files.readString(process.toPath().resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
                double children = (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / 100.0;
                long pid = Long.parseLong(process.getName());
                if (pid == self) {
                    seconds[2] += cpu + children;
                } else if (pid == serverPid) {
                    seconds[0] += cpu;
                } else if (stat.contains("(postgres)")) {
                    seconds[1] += cpu + children;
                }
            } catch (Exception vanished) {
                // the process ended meanwhile
            }
        }
        return seconds;
    }

    // ---------------------------------------------------------------- helpers

    interface Work {
        void run() throws Exception;
    }

    static void parallel(int threads, Work work) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    work.run();
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
    }

    static long single(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static HttpResponse<String> check(HttpResponse<String> reply, int status) {
        if (reply.statusCode() != status) {
            throw new IllegalStateException(reply.request().method() + " " + reply.uri() + " answered " + reply.statusCode() + ": " + reply.body());
        }
        return reply;
    }

    static HttpResponse<String> send(String method, String url, String token, String contentType, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : body instanceof byte[] bytes ? HttpRequest.BodyPublishers.ofByteArray(bytes) : HttpRequest.BodyPublishers.ofString((String) body);
        try {
            return HTTP.send(request.method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
