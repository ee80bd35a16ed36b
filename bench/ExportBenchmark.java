import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * The reports-and-exports benchmark. Loads four customers into a running Tally (the raw events of the three
 * history customers straight into usage_event by SQL, the activity customer's calls over HTTP so ingestion
 * builds its rollups), then measures, sequentially:
 *
 *   1. the usage-history CSV of history-1m (1,000,000 events, 2026-01-01..2026-03-31, 5 data fields) over HTTP,
 *      against the anchor: psql's \copy of the same query (same columns, same order) to /dev/null, alternated, with
 *      the service's peak RSS (VmHWM, reset before the runs where the kernel lets us) and the bytes and lines read;
 *   1n. the same for history-narrow (1,000,000 api.request events over the same period, 3 data fields), where the
 *      service's fixed cost per row weighs more against \copy's;
 *   1b. the same history as XLSX over HTTP, alternated with the CSV of the same rows (the anchor of this step), with
 *      the service's heap in use sampled with jcmd GC.heap_info (the heap is capped at 256 MB) and the rows of the
 *      workbook counted in its sheet XML;
 *   2. the usage-history PDF of history-10k (10,000 events in 2026-02), with its size and page count;
 *   3. the 30-day activity PDF of activity (about 1,000 calls, warm), p50/p95.
 *
 * Run by bench/export.sh:
 *   java -cp bootstrap/target/tally.jar bench/ExportBenchmark.java URL JDBC_URL PSQL_URL SERVER_PID load|measure
 * with the tokens in BENCH_SERVICE_TOKEN (events:write customers:write), BENCH_OWNER_TOKEN and BENCH_ANALYST_TOKEN;
 * BENCH_CSV_ONLY=1 measures the two CSV steps only (for profiling and quick checks).
 */
public final class ExportBenchmark {

    static final String TENANT = "bench";
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final String BIG = "history-1m";
    static final int BIG_EVENTS = 1_000_000;
    static final LocalDate BIG_FROM = LocalDate.parse("2026-01-01");
    static final LocalDate BIG_TO = LocalDate.parse("2026-03-31");
    static final String TEN_K = "history-10k";
    static final int TEN_K_EVENTS = 10_000;
    static final LocalDate TEN_K_FROM = LocalDate.parse("2026-02-01");
    static final LocalDate TEN_K_TO = LocalDate.parse("2026-02-28");
    static final String NARROW = "history-narrow";
    static final String ACTIVITY = "activity";
    static final int ACTIVITY_CALLS = 1_000;
    static final int ACTIVITY_PREVIOUS_CALLS = 900;
    static final String[] OUTCOMES = {"completed", "completed", "completed", "completed", "completed", "no_answer", "no_answer", "busy",
            "failed"};
    static final int AGENTS = 6;
    static final int CSV_RUNS = 3;

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String jdbcUrl = args[1];
        String psqlUrl = args[2];
        long serverPid = Long.parseLong(args[3]);
        if (args[4].equals("load")) {
            load(url, jdbcUrl);
        } else {
            measure(url, jdbcUrl, psqlUrl, serverPid);
        }
    }

    static Connection database(String jdbcUrl) throws Exception {
        return DriverManager.getConnection(jdbcUrl, System.getenv().getOrDefault("TALLY_DB_USER", "postgres"),
                System.getenv().getOrDefault("TALLY_DB_PASSWORD", ""));
    }

    /** The start of a local day in Europe/Berlin, the customers' timezone, which the API cuts periods in. */
    static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZONE).toInstant();
    }

    // ---------------------------------------------------------------- load

    static void load(String url, String jdbcUrl) throws Exception {
        String service = System.getenv("BENCH_SERVICE_TOKEN");
        check(send("PUT", url + "/api/v1/tenant/settings", System.getenv("BENCH_OWNER_TOKEN"), "application/json",
                "{\"timezone\": \"Europe/Berlin\", \"currency\": \"EUR\"}"), 200);
        for (String customer : List.of(BIG, TEN_K, NARROW, ACTIVITY)) {
            check(send("PUT", url + "/internal/v1/customers/" + customer, service, "application/json",
                    "{\"display_name\": \"Bench " + customer + "\", \"timezone\": \"Europe/Berlin\"}"), 201);
        }

        // The activity customer, over HTTP: its calls of the last 30 days and of the 30 days before them.
        long started = System.nanoTime();
        Instant now = Instant.now();
        Random random = new Random(7);
        List<byte[]> batches = new ArrayList<>();
        int total = ACTIVITY_CALLS + ACTIVITY_PREVIOUS_CALLS;
        for (int first = 0; first < total; first += 500) {
            batches.add(calls(first, Math.min(500, total - first), now, random));
        }
        for (byte[] body : batches) {
            HttpResponse<String> reply = send("POST", url + "/internal/v1/events", service, "application/cloudevents-batch+json", body);
            if (reply.statusCode() != 200 || !reply.body().startsWith("{\"accepted\":")) {
                throw new IllegalStateException("activity batch: " + reply.statusCode() + " " + reply.body());
            }
        }
        System.out.printf("load.activity_calls=%d%nload.activity_previous_calls=%d%n", ACTIVITY_CALLS, ACTIVITY_PREVIOUS_CALLS);
        System.out.printf("load.activity_seconds=%.1f%n", (System.nanoTime() - started) / 1e9);

        try (Connection db = database(jdbcUrl); Statement statement = db.createStatement()) {
            long tenantId = single(statement, "SELECT tenant_id FROM tenant WHERE tenant_key = '" + TENANT + "'");
            long big = customerId(statement, tenantId, BIG);
            long tenK = customerId(statement, tenantId, TEN_K);
            // The history customers, by SQL: evenly spaced calls over their periods, data varied by g.
            started = System.nanoTime();
            insertCalls(statement, tenantId, big, "h1m", BIG_EVENTS, startOf(BIG_FROM), startOf(BIG_TO.plusDays(1)));
            System.out.printf("load.history_1m_seconds=%.1f%n", (System.nanoTime() - started) / 1e9);
            started = System.nanoTime();
            insertCalls(statement, tenantId, tenK, "h10k", TEN_K_EVENTS, startOf(TEN_K_FROM), startOf(TEN_K_TO.plusDays(1)));
            System.out.printf("load.history_10k_seconds=%.1f%n", (System.nanoTime() - started) / 1e9);
            started = System.nanoTime();
            insertRequests(statement, tenantId, customerId(statement, tenantId, NARROW), BIG_EVENTS, startOf(BIG_FROM), startOf(BIG_TO.plusDays(1)));
            System.out.printf("load.history_narrow_seconds=%.1f%n", (System.nanoTime() - started) / 1e9);
            for (String name : List.of("endpoint", "status")) {
                statement.execute("INSERT INTO usage_event_schema (tenant_id, type, name, kind, first_seen) VALUES (" + tenantId
                        + ", 'api.request', '" + name + "', 'dimension', now()) ON CONFLICT DO NOTHING");
            }
            statement.execute("INSERT INTO usage_event_schema (tenant_id, type, name, kind, first_seen) VALUES (" + tenantId
                    + ", 'api.request', 'latency_ms', 'measure', now()) ON CONFLICT DO NOTHING");
            for (String name : List.of("outcome", "agent", "currency")) {
                statement.execute("INSERT INTO usage_event_schema (tenant_id, type, name, kind, first_seen) VALUES (" + tenantId
                        + ", 'call', '" + name + "', 'dimension', now()) ON CONFLICT DO NOTHING");
            }
            for (String name : List.of("duration_s", "cost")) {
                statement.execute("INSERT INTO usage_event_schema (tenant_id, type, name, kind, first_seen) VALUES (" + tenantId
                        + ", 'call', '" + name + "', 'measure', now()) ON CONFLICT DO NOTHING");
            }
            long waited = System.nanoTime();
            while (single(statement, "SELECT count(*) FROM usage_rollup_pending") != 0) {
                Thread.sleep(200);
            }
            System.out.printf("load.fold_wait_seconds=%.1f%n", (System.nanoTime() - waited) / 1e9);
            statement.execute("ANALYZE usage_event");
        }
    }

    /** Inserts {@code events} calls of one customer, evenly spaced over [from, to), with every monthly partition they touch. */
    static void insertCalls(Statement statement, long tenantId, long customerId, String prefix, int events, Instant from, Instant to)
            throws Exception {
        statement.execute("SELECT usage_event_ensure_partition(m AT TIME ZONE 'UTC') FROM generate_series(date_trunc('month', timestamptz '"
                + from + "' AT TIME ZONE 'UTC'), timestamptz '" + to + "' AT TIME ZONE 'UTC', interval '1 month') AS m");
        long step = Duration.between(from, to).toNanos() / 1000 / events; // microseconds, exact for both customers
        statement.execute("""
                INSERT INTO usage_event (tenant_id, occurred_at, customer_id, type, source, event_id, data, received_at)
                SELECT %d, t, %d, 'call', 'calls-service', '%s-' || g,
                       jsonb_build_object('outcome', (ARRAY['completed', 'completed', 'completed', 'completed', 'completed',
                                                             'no_answer', 'no_answer', 'busy', 'failed'])[1 + (g * 7919) %% 9],
                                          'agent', 'agent-' || (1 + (g * 31) %% 7),
                                          'duration_s', d,
                                          'cost', round(d * 0.004, 4),
                                          'currency', CASE WHEN g %% 5 = 0 THEN 'USD' ELSE 'EUR' END),
                       t + interval '2 seconds' + (g %% 1000) * interval '1 millisecond'
                  FROM generate_series(1::bigint, %d) AS g,
                       LATERAL (SELECT timestamptz '%s' + (g - 1) * %d * interval '1 microsecond' AS t,
                                       5 + (g * 104729) %% 900 AS d) AS x""".formatted(tenantId, customerId, prefix, events, from, step));
    }

    /**
     * Inserts {@code events} API requests of one customer, evenly spaced over [from, to): a narrow event of three data
     * fields, {@code endpoint} (12 routes), {@code status} (mostly 200) and {@code latency_ms} (an integer), as a
     * product's gateway would send them. Not {@code api.call}: Tally records its own API's use under that type, with
     * names of its own, which would widen this customer's export.
     */
    static void insertRequests(Statement statement, long tenantId, long customerId, int events, Instant from, Instant to) throws Exception {
        long step = Duration.between(from, to).toNanos() / 1000 / events;
        statement.execute("""
                INSERT INTO usage_event (tenant_id, occurred_at, customer_id, type, source, event_id, data, received_at)
                SELECT %d, t, %d, 'api.request', 'gateway', 'req-' || g,
                       jsonb_build_object('endpoint', (ARRAY['/v1/orders', '/v1/orders/{id}', '/v1/customers', '/v1/customers/{id}',
                                                             '/v1/invoices', '/v1/invoices/{id}', '/v1/products', '/v1/products/{id}',
                                                             '/v1/search', '/v1/login', '/v1/webhooks', '/v1/reports'])[1 + (g * 7919) %% 12],
                                          'status', (ARRAY['200', '200', '200', '200', '200', '200', '200', '200', '201', '204',
                                                           '400', '404', '429', '500'])[1 + (g * 31) %% 14],
                                          'latency_ms', 3 + (g * 104729) %% 1200),
                       t + (g %% 1000) * interval '1 millisecond'
                  FROM generate_series(1::bigint, %d) AS g,
                       LATERAL (SELECT timestamptz '%s' + (g - 1) * %d * interval '1 microsecond' AS t) AS x""".formatted(tenantId, customerId,
                events, from, step));
    }

    /**
     * A CloudEvents batch of the activity customer's calls number first to first + size - 1: the first
     * ACTIVITY_CALLS fall in the last 30 days, the others in the 30 days before.
     */
    static byte[] calls(int first, int size, Instant now, Random random) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size * 260);
        try (JsonGenerator out = new JsonFactory().createGenerator(bytes)) {
            out.writeStartArray();
            for (int i = first; i < first + size; i++) {
                // the current period: now minus up to 29.5 days; the one before: 30 to 59.5 days ago
                long ago = (long) (60_000 + random.nextDouble() * 29.5 * 86_400_000L) + (i < ACTIVITY_CALLS ? 0 : 30 * 86_400_000L);
                String outcome = OUTCOMES[random.nextInt(OUTCOMES.length)];
                int duration = outcome.equals("completed") ? 20 + random.nextInt(900) : random.nextInt(40);
                out.writeStartObject();
                out.writeStringField("specversion", "1.0");
                out.writeStringField("id", "activity-" + i);
                out.writeStringField("source", "calls-service");
                out.writeStringField("type", "call");
                out.writeStringField("subject", ACTIVITY);
                out.writeStringField("time", now.minusMillis(ago).toString());
                out.writeObjectFieldStart("data");
                out.writeStringField("outcome", outcome);
                out.writeStringField("agent", "agent-" + (1 + random.nextInt(AGENTS)));
                out.writeNumberField("duration_s", duration);
                out.writeNumberField("cost", BigDecimal.valueOf(duration * 40L, 4));
                out.writeStringField("currency", "EUR");
                out.writeEndObject();
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        return bytes.toByteArray();
    }

    static long single(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static long customerId(Statement statement, long tenantId, String externalId) throws Exception {
        return single(statement, "SELECT customer_id FROM customer WHERE tenant_id = " + tenantId + " AND external_id = '" + externalId + "'");
    }

    // ---------------------------------------------------------------- measure

    static void measure(String url, String jdbcUrl, String psqlUrl, long serverPid) throws Exception {
        String analyst = System.getenv("BENCH_ANALYST_TOKEN");
        String copyQuery;
        String narrowQuery;
        try (Connection db = database(jdbcUrl); Statement statement = db.createStatement()) {
            long tenantId = single(statement, "SELECT tenant_id FROM tenant WHERE tenant_key = '" + TENANT + "'");
            for (String customer : List.of(BIG, TEN_K, NARROW, ACTIVITY)) {
                long id = customerId(statement, tenantId, customer);
                System.out.printf("data.%s.events=%d%n", customer.replace('-', '_'),
                        single(statement, "SELECT count(*) FROM usage_event WHERE tenant_id = " + tenantId + " AND customer_id = " + id
                                + " AND type IN ('call', 'api.request')"));
            }
            copyQuery = copyQuery(db, tenantId, customerId(statement, tenantId, BIG), startOf(BIG_FROM), startOf(BIG_TO.plusDays(1)));
            narrowQuery = copyQuery(db, tenantId, customerId(statement, tenantId, NARROW), startOf(BIG_FROM), startOf(BIG_TO.plusDays(1)));
        }
        System.out.println("csv.copy_query=" + copyQuery);
        System.out.println("csv_narrow.copy_query=" + narrowQuery);

        // 1. A million rows of CSV, against psql's \copy of the same query; alternated, after one warm-up each.
        String csvUrl = url + "/api/v1/customers/" + BIG + "/usage/history/export?format=csv&from=" + BIG_FROM + "&to=" + BIG_TO;
        double wide = csv("csv", csvUrl, psqlUrl, copyQuery, analyst, serverPid);
        // 1n. The same for the narrow history (3 data fields).
        String narrowUrl = url + "/api/v1/customers/" + NARROW + "/usage/history/export?format=csv&from=" + BIG_FROM + "&to=" + BIG_TO;
        double narrow = csv("csv_narrow", narrowUrl, psqlUrl, narrowQuery, analyst, serverPid);
        System.out.printf("result.csv_wide.ratio=%.2f%nresult.csv_narrow.ratio=%.2f%nresult.csv.target_met=%s%n", wide, narrow,
                wide <= 2 && narrow <= 2);
        if ("1".equals(System.getenv("BENCH_CSV_ONLY"))) {
            return;
        }

        // 1b. The same million rows as XLSX, alternated with the CSV of the same rows, after a warm-up.
        String xlsxUrl = url + "/api/v1/customers/" + BIG + "/usage/history/export?format=xlsx&from=" + BIG_FROM + "&to=" + BIG_TO;
        Path workbook = Files.createTempFile("bench-history", ".xlsx");
        HeapSampler heap = new HeapSampler(serverPid);
        heap.start();
        long warmXlsx = save(xlsxUrl, analyst, workbook);
        System.out.printf("xlsx.warmup.http_ms=%.0f%n", warmXlsx / 1e6);
        long[] xlsxTimes = new long[CSV_RUNS];
        long[] csvTimes = new long[CSV_RUNS];
        for (int run = 0; run < CSV_RUNS; run++) {
            Download csv = download(csvUrl, analyst);
            xlsxTimes[run] = save(xlsxUrl, analyst, workbook);
            csvTimes[run] = csv.nanos;
            long rows = workbookRows(workbook);
            if (rows != BIG_EVENTS + 1) {
                throw new IllegalStateException("the workbook has " + rows + " rows, not " + (BIG_EVENTS + 1));
            }
            String key = "xlsx.run" + (run + 1);
            System.out.printf("%s.csv_ms=%.0f%n%s.xlsx_ms=%.0f%n%s.ratio=%.2f%n%s.xlsx_bytes=%d%n%s.xlsx_rows=%d%n", key, csv.nanos / 1e6, key,
                    xlsxTimes[run] / 1e6, key, (double) xlsxTimes[run] / csv.nanos, key, Files.size(workbook), key, rows);
        }
        heap.stop();
        double xlsxMedian = percentile(xlsxTimes, 50);
        double csvMedian = percentile(csvTimes, 50);
        System.out.printf("xlsx.csv_median_ms=%.0f%nxlsx.http_median_ms=%.0f%nxlsx.ratio_to_csv=%.2f%nxlsx.target_met=%s%n", csvMedian / 1e6,
                xlsxMedian / 1e6, xlsxMedian / csvMedian, xlsxMedian <= 3 * csvMedian);
        System.out.printf("xlsx.server_heap_used_max_mb=%.0f%nxlsx.heap_samples=%d%nxlsx.server_peak_rss_mb=%.0f%n", heap.max.get() / 1024.0,
                heap.samples.get(), status(serverPid, "VmHWM") / 1024.0);
        Files.deleteIfExists(workbook);

        // 2. The usage history of 10,000 events as PDF.
        String pdfUrl = url + "/api/v1/customers/" + TEN_K + "/usage/history/export?format=pdf&from=" + TEN_K_FROM + "&to=" + TEN_K_TO;
        byte[][] pdf = new byte[1][];
        timed(2, i -> pdf[0] = pdf(pdfUrl, analyst));
        long[] pdfTimes = timed(5, i -> pdf[0] = pdf(pdfUrl, analyst));
        report("history_pdf", pdfTimes);
        System.out.printf("history_pdf.bytes=%d%nhistory_pdf.pages=%d%n", pdf[0].length, pages(pdf[0]));
        System.out.printf("history_pdf.target_met=%s%n", percentile(pdfTimes, 50) <= 2e9);

        // 3. The 30-day activity report as PDF, warm.
        String activityUrl = url + "/api/v1/customers/" + ACTIVITY + "/reports/activity?format=pdf&days=30";
        timed(10, i -> pdf[0] = pdf(activityUrl, analyst));
        long[] activityTimes = timed(50, i -> pdf[0] = pdf(activityUrl, analyst));
        report("activity_pdf", activityTimes);
        System.out.printf("activity_pdf.bytes=%d%nactivity_pdf.pages=%d%n", pdf[0].length, pages(pdf[0]));
        System.out.printf("activity_pdf.target_met=%s%n", percentile(activityTimes, 50) <= 300e6 && percentile(activityTimes, 95) <= 300e6);
        System.out.printf("server.peak_rss_mb=%.0f%n", status(serverPid, "VmHWM") / 1024.0);
    }

    /**
     * One CSV step: a warm-up of each, then CSV_RUNS pairs of psql's \copy of {@code copyQuery} and the HTTP export at
     * {@code csvUrl}, alternated; prints {@code <key>.*} lines (each run, the medians, CPU per process, peak RSS, the
     * machine's load average before and after) and returns the ratio of the medians, HTTP ÷ \copy.
     */
    static double csv(String key, String csvUrl, String psqlUrl, String copyQuery, String analyst, long serverPid) throws Exception {
        System.out.printf("%s.load_average_before=%s%n", key, loadAverage());
        Copy warmCopy = copy(psqlUrl, copyQuery, "program 'wc -c'");
        System.out.printf("%s.warmup.copy_ms=%.0f%n%s.copy_bytes=%s%n", key, warmCopy.nanos / 1e6, key, warmCopy.output.lines()
                .filter(line -> line.matches("\\d+")).findFirst().orElse("?"));
        System.out.printf("%s.rss_before_mb=%.0f%n", key, status(serverPid, "VmRSS") / 1024.0);
        System.out.printf("%s.hwm_before_mb=%.0f%n", key, status(serverPid, "VmHWM") / 1024.0);
        boolean reset = resetPeak(serverPid);
        System.out.printf("%s.hwm_reset=%s%n", key, reset);
        RssSampler sampler = new RssSampler(serverPid);
        sampler.start();
        Download warm = download(csvUrl, analyst);
        System.out.printf("%s.warmup.http_ms=%.0f%n", key, warm.nanos / 1e6);
        long[] copies = new long[CSV_RUNS];
        long[] https = new long[CSV_RUNS];
        for (int run = 0; run < CSV_RUNS; run++) {
            // CPU is read 300 ms after each step, once PostgreSQL has reaped the ended backend of psql
            double[] before = cpuSeconds(serverPid);
            Copy copy = copy(psqlUrl, copyQuery, "'/dev/null'");
            Thread.sleep(300);
            double[] between = cpuSeconds(serverPid);
            Download http = download(csvUrl, analyst);
            Thread.sleep(300);
            double[] after = cpuSeconds(serverPid);
            copies[run] = copy.nanos;
            https[run] = http.nanos;
            if (!copy.output.contains("COPY " + BIG_EVENTS)) {
                throw new IllegalStateException("\\copy did not copy " + BIG_EVENTS + " rows: " + copy.output);
            }
            if (http.lines != BIG_EVENTS + 1) {
                throw new IllegalStateException("the CSV has " + http.lines + " lines, not " + (BIG_EVENTS + 1));
            }
            String run_ = key + ".run" + (run + 1);
            System.out.printf("%s.copy_ms=%.0f%n%s.http_ms=%.0f%n%s.http_first_byte_ms=%.0f%n%s.http_bytes=%d%n%s.http_lines=%d%n",
                    run_, copy.nanos / 1e6, run_, http.nanos / 1e6, run_, http.firstByteNanos / 1e6, run_, http.bytes, run_, http.lines);
            System.out.printf("%s.ratio=%.2f%n", run_, (double) http.nanos / copy.nanos);
            System.out.printf("%s.copy_cpu_cores=service %.2f / postgres %.2f / client %.2f%n", run_,
                    (between[0] - before[0]) * 1e9 / copy.nanos, (between[1] - before[1]) * 1e9 / copy.nanos,
                    (between[2] - before[2]) * 1e9 / copy.nanos);
            System.out.printf("%s.http_cpu_cores=service %.2f / postgres %.2f / client %.2f%n", run_,
                    (after[0] - between[0]) * 1e9 / http.nanos, (after[1] - between[1]) * 1e9 / http.nanos,
                    (after[2] - between[2]) * 1e9 / http.nanos);
        }
        sampler.stop();
        double copyMedian = percentile(copies, 50);
        double httpMedian = percentile(https, 50);
        System.out.printf("%s.copy_median_ms=%.0f%n%s.http_median_ms=%.0f%n", key, copyMedian / 1e6, key, httpMedian / 1e6);
        System.out.printf("%s.http_rows_per_second=%.0f%n", key, BIG_EVENTS / (httpMedian / 1e9));
        System.out.printf("%s.ratio_http_to_copy=%.2f%n", key, httpMedian / copyMedian);
        System.out.printf("%s.target_met=%s%n", key, httpMedian <= 2 * copyMedian);
        System.out.printf("%s.server_peak_rss_mb=%.0f%n", key, status(serverPid, "VmHWM") / 1024.0);
        System.out.printf("%s.server_sampled_max_rss_mb=%.0f%n", key, sampler.max.get() / 1024.0);
        System.out.printf("%s.load_average_after=%s%n", key, loadAverage());
        return httpMedian / copyMedian;
    }

    /** The machine's load averages over 1, 5 and 15 minutes ({@code /proc/loadavg}), or "?". */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "?";
        }
    }

    /**
     * The export's query as the persistence adapter builds it (UsageHistoryPersistenceAdapter.query), with the
     * values written in: the dimension and measure names come from the same NAMES query the adapter runs.
     */
    static String copyQuery(Connection db, long tenantId, long customerId, Instant from, Instant to) throws Exception {
        List<String> dimensions = new ArrayList<>();
        List<String> measures = new ArrayList<>();
        try (PreparedStatement names = db.prepareStatement("""
                SELECT DISTINCT s.kind, s.name
                  FROM usage_event_schema s
                 WHERE s.tenant_id = ?
                   AND EXISTS (SELECT 1 FROM usage_event e
                                WHERE e.tenant_id = s.tenant_id AND e.type = s.type AND e.customer_id = ?
                                  AND e.occurred_at >= ? AND e.occurred_at < ?)
                 ORDER BY s.kind, s.name""")) {
            names.setLong(1, tenantId);
            names.setLong(2, customerId);
            names.setObject(3, from.atOffset(java.time.ZoneOffset.UTC));
            names.setObject(4, to.atOffset(java.time.ZoneOffset.UTC));
            try (ResultSet rows = names.executeQuery()) {
                while (rows.next()) {
                    ("dimension".equals(rows.getString(1)) ? dimensions : measures).add(rows.getString(2));
                }
            }
        }
        StringBuilder sql = new StringBuilder("SELECT occurred_at, type, source, event_id");
        for (String name : dimensions) {
            sql.append(", CASE WHEN jsonb_typeof(data -> '").append(name).append("') = 'string' THEN data ->> '").append(name).append("' END");
        }
        for (String name : measures) {
            sql.append(", CASE WHEN jsonb_typeof(data -> '").append(name).append("') = 'number' THEN (data ->> '").append(name)
                    .append("')::numeric END");
        }
        return sql.append(", received_at FROM usage_event WHERE tenant_id = ").append(tenantId).append(" AND customer_id = ").append(customerId)
                .append(" AND occurred_at >= '").append(from).append("' AND occurred_at < '").append(to)
                .append("' ORDER BY occurred_at, source, event_id").toString();
    }

    record Copy(long nanos, String output) {
    }

    /** psql's \copy of the query to a target ('/dev/null', or program '…'), timed from the start of psql to its end. */
    static Copy copy(String psqlUrl, String query, String target) throws Exception {
        long started = System.nanoTime();
        Process psql = new ProcessBuilder("psql", "-X", "-v", "ON_ERROR_STOP=1", psqlUrl, "-c",
                "\\copy (" + query + ") to " + target + " with (format csv, header)").redirectErrorStream(true).start();
        String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = psql.waitFor();
        long nanos = System.nanoTime() - started;
        if (exit != 0) {
            throw new IllegalStateException("psql \\copy failed (" + exit + "): " + output);
        }
        return new Copy(nanos, output);
    }

    record Download(long nanos, long firstByteNanos, long bytes, long lines) {
    }

    /** GETs a file and reads it to the end as it arrives, counting bytes and newlines; nothing is kept. */
    static Download download(String url, String token) throws Exception {
        long started = System.nanoTime();
        HttpResponse<InputStream> reply = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(600))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long lines = 0;
        long firstByte = 0;
        try (InputStream body = reply.body()) {
            byte[] buffer = new byte[1 << 16];
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                if (firstByte == 0 && read > 0) {
                    firstByte = System.nanoTime() - started;
                }
                bytes += read;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        long nanos = System.nanoTime() - started;
        if (reply.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + reply.statusCode());
        }
        return new Download(nanos, firstByte, bytes, lines);
    }

    static byte[] pdf(String url, String token) throws Exception {
        HttpResponse<byte[]> reply = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (reply.statusCode() != 200 || !reply.headers().firstValue("Content-Type").orElse("").startsWith("application/pdf")) {
            throw new IllegalStateException(url + " answered " + reply.statusCode() + " " + reply.headers().firstValue("Content-Type")
                    + ": " + new String(reply.body(), 0, Math.min(500, reply.body().length), StandardCharsets.UTF_8));
        }
        return reply.body();
    }

    static int pages(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return document.getNumberOfPages();
        }
    }

    // ---------------------------------------------------------------- the service's memory and CPU

    /** A field of /proc/PID/status in kB (VmRSS, VmHWM), or -1. */
    static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception e) {
            // no /proc
        }
        return -1;
    }

    /** Resets the process's peak RSS (VmHWM) to its current RSS: "5" to /proc/PID/clear_refs (Linux 4.0+). */
    static boolean resetPeak(long pid) {
        try {
            Files.writeString(Path.of("/proc/" + pid + "/clear_refs"), "5");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Downloads to a file; returns the nanoseconds from the request to the last byte. */
    static long save(String url, String token, Path file) throws Exception {
        long started = System.nanoTime();
        HttpResponse<Path> reply = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(600))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofFile(file));
        long nanos = System.nanoTime() - started;
        if (reply.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + reply.statusCode() + ": " + Files.readString(file));
        }
        return nanos;
    }

    /** The rows of every sheet of a workbook: its {@code <row } elements, counted as the sheet XML is inflated. */
    static long workbookRows(Path file) throws Exception {
        long rows = 0;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            for (var entry : java.util.Collections.list(zip.entries())) {
                if (!entry.getName().startsWith("xl/worksheets/sheet")) {
                    continue;
                }
                try (InputStream in = new java.io.BufferedInputStream(zip.getInputStream(entry), 1 << 16)) {
                    byte[] pattern = "<row ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    int matched = 0;
                    for (int b = in.read(); b >= 0; b = in.read()) {
                        matched = b == pattern[matched] ? matched + 1 : (b == pattern[0] ? 1 : 0);
                        if (matched == pattern.length) {
                            rows++;
                            matched = 0;
                        }
                    }
                }
            }
        }
        return rows;
    }

    /** Samples the service's heap in use ({@code jcmd PID GC.heap_info}, "used NK") about every 300 ms and keeps the largest, in kB. */
    static final class HeapSampler {
        final AtomicLong max = new AtomicLong();
        final AtomicLong samples = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread;

        HeapSampler(long pid) {
            java.util.regex.Pattern used = java.util.regex.Pattern.compile("heap .*?used (\\d+)K");
            thread = Thread.ofPlatform().daemon().unstarted(() -> {
                while (running.get()) {
                    try {
                        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
                        String output = new String(jcmd.getInputStream().readAllBytes());
                        jcmd.waitFor();
                        java.util.regex.Matcher matcher = used.matcher(output);
                        if (matcher.find()) {
                            max.accumulateAndGet(Long.parseLong(matcher.group(1)), Math::max);
                            samples.incrementAndGet();
                        }
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // no jcmd: no samples
                        return;
                    }
                }
            });
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    /** Samples a process's RSS every 50 ms and keeps the largest. */
    static final class RssSampler {
        final AtomicLong max = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread;

        RssSampler(long pid) {
            thread = Thread.ofPlatform().daemon().unstarted(() -> {
                while (running.get()) {
                    max.accumulateAndGet(status(pid, "VmRSS"), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    /**
     * CPU seconds used so far (user + system, from /proc): by the service, by PostgreSQL (every postgres
     * process, with the ended backends its postmaster has reaped) and by this client with its ended children
     * (psql); zeros where /proc is not there.
     */
    static double[] cpuSeconds(long serverPid) {
        double[] seconds = new double[3];
        long self = ProcessHandle.current().pid();
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

    // ---------------------------------------------------------------- timing

    interface Step {
        void run(int i) throws Exception;
    }

    /** Runs a step n times, one after another; returns each run's time in nanoseconds. */
    static long[] timed(int n, Step step) throws Exception {
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
