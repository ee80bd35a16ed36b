import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
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
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * Ingests N usage events into a running Tally over HTTP with concurrent clients, then COPYs the same rows
 * into the same table with PostgreSQL, and prints both rates. Run by bench/ingest.sh, which starts the
 * service on a database of its own:
 *
 *   java -cp bootstrap/target/tally.jar bench/IngestBenchmark.java URL JDBC_URL EVENTS BATCH CLIENTS
 *
 * The events look like real call events (outcome, agent, duration, cost, currency), for 1,000 customers,
 * over the last 30 days. The request bodies are built before the clock starts, so the client's own JSON
 * writing is not measured; the client still shares the machine's cores with the service and PostgreSQL.
 */
public final class IngestBenchmark {

    static final String TENANT = "bench";
    static final int CUSTOMERS = 1000;
    static final String[] OUTCOMES = {"completed", "completed", "completed", "no_answer", "busy", "voicemail", "failed"};
    static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String jdbcUrl = args[1];
        int events = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        int clients = Integer.parseInt(args[4]);
        String token = serviceToken(System.getenv("TALLY_JWT_SECRET"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        long seed = System.nanoTime();

        // Warm-up: the JIT and the connection pools, with events that are not counted.
        List<byte[]> warmUp = bodies("warm-" + seed, 50_000, batch, new Random(1));
        send(http, url, token, warmUp, clients, batch);

        List<byte[]> bodies = bodies("run-" + seed, events, batch, new Random(2));
        long bytes = bodies.stream().mapToLong(body -> body.length).sum();
        double[] cpuBefore = cpuSeconds();
        long started = System.nanoTime();
        long[] latencies = send(http, url, token, bodies, clients, batch);
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] cpuAfter = cpuSeconds();
        Arrays.sort(latencies);

        System.out.printf("http.events=%d%n", events);
        System.out.printf("http.batch=%d%n", batch);
        System.out.printf("http.clients=%d%n", clients);
        System.out.printf("http.megabytes=%.1f%n", bytes / 1e6);
        System.out.printf("http.seconds=%.2f%n", seconds);
        System.out.printf("http.events_per_second=%.0f%n", events / seconds);
        System.out.printf("http.batch_p50_ms=%.1f%n", latencies[latencies.length / 2] / 1e6);
        System.out.printf("http.batch_p99_ms=%.1f%n", latencies[(int) Math.ceil(latencies.length * 0.99) - 1] / 1e6);
        System.out.printf("cpu.service_cores=%.2f%n", (cpuAfter[0] - cpuBefore[0]) / seconds);
        System.out.printf("cpu.postgres_cores=%.2f%n", (cpuAfter[1] - cpuBefore[1]) / seconds);
        System.out.printf("cpu.client_cores=%.2f%n", (cpuAfter[2] - cpuBefore[2]) / seconds);

        copyBaseline(jdbcUrl, events, new Random(2));
    }

    /**
     * CPU seconds used so far (user + system, from /proc) by the Tally service, by all PostgreSQL processes,
     * and by this client; zeros where /proc is not there.
     */
    static double[] cpuSeconds() {
        double[] seconds = new double[3];
        long self = ProcessHandle.current().pid();
        java.io.File[] processes = new java.io.File("/proc").listFiles((dir, name) -> name.chars().allMatch(Character::isDigit));
        if (processes == null) {
            return seconds;
        }
        for (java.io.File process : processes) {
            try {
                String stat = java.nio.file.Files.readString(process.toPath().resolve("stat"));
                String command = java.nio.file.Files.readString(process.toPath().resolve("cmdline")).replace('\0', ' ');
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
                if (Long.parseLong(process.getName()) == self) {
                    seconds[2] += cpu;
                } else if (command.contains("tally.jar") && !command.contains("IngestBenchmark")) {
                    seconds[0] += cpu;
                } else if (stat.contains("(postgres)")) {
                    seconds[1] += cpu;
                }
            } catch (Exception vanished) {
                // the process ended meanwhile
            }
        }
        return seconds;
    }

    /** The same number of rows, written by COPY ... FROM STDIN into usage_event (one transaction). */
    static void copyBaseline(String jdbcUrl, int events, Random random) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, System.getenv().getOrDefault("TALLY_DB_USER", "postgres"),
                System.getenv().getOrDefault("TALLY_DB_PASSWORD", ""))) {
            long tenantId;
            long[] customerIds = new long[CUSTOMERS];
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT c.tenant_id, c.customer_id FROM customer c JOIN tenant t USING (tenant_id)"
                         + " WHERE t.tenant_key = '" + TENANT + "' ORDER BY c.customer_id LIMIT " + CUSTOMERS)) {
                int i = 0;
                tenantId = -1;
                while (rows.next()) {
                    tenantId = rows.getLong(1);
                    customerIds[i++] = rows.getLong(2);
                }
            }
            Instant now = Instant.now();
            StringBuilder csv = new StringBuilder(events * 200);
            for (int n = 0; n < events; n++) {
                Instant time = now.minusSeconds(random.nextInt(30 * 86_400));
                int duration = 5 + random.nextInt(900);
                csv.append(tenantId).append(',').append(time).append(',').append(customerIds[n % CUSTOMERS])
                        .append(",call,copy-bench,copy-").append(n).append(",\"")
                        .append("{\"\"agent\"\": \"\"agent-").append(n % 17).append("\"\", \"\"outcome\"\": \"\"")
                        .append(OUTCOMES[random.nextInt(OUTCOMES.length)]).append("\"\", \"\"currency\"\": \"\"USD\"\", \"\"duration_s\"\": ")
                        .append(duration).append(", \"\"cost\"\": ").append(duration * 4).append("E-4}\",").append(now).append('\n');
            }
            byte[] data = csv.toString().getBytes(StandardCharsets.UTF_8);
            connection.setAutoCommit(false);
            long started = System.nanoTime();
            long copied = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY usage_event (tenant_id, occurred_at, customer_id, type, source, event_id, data, received_at) FROM STDIN (FORMAT csv)",
                    new ByteArrayInputStream(data));
            connection.commit();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("copy.rows=%d%n", copied);
            System.out.printf("copy.seconds=%.2f%n", seconds);
            System.out.printf("copy.rows_per_second=%.0f%n", copied / seconds);
        }
    }

    /** Sends every body, {@code clients} at a time; returns each batch's latency in nanoseconds. */
    static long[] send(HttpClient http, String url, String token, List<byte[]> bodies, int clients, int batch) throws Exception {
        long[] latencies = new long[bodies.size()];
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/internal/v1/events"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/cloudevents-batch+json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build();
                        long started = System.nanoTime();
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        latencies[i] = System.nanoTime() - started;
                        Matcher accepted = ACCEPTED.matcher(response.body());
                        if (response.statusCode() != 200 || !accepted.find() || Integer.parseInt(accepted.group(1)) == 0) {
                            throw new IllegalStateException("batch " + i + " answered " + response.statusCode() + ": "
                                    + response.body().substring(0, Math.min(300, response.body().length())));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        return latencies;
    }

    static List<byte[]> bodies(String prefix, int events, int batch, Random random) throws Exception {
        JsonFactory json = new JsonFactory();
        Instant now = Instant.now();
        List<byte[]> bodies = new ArrayList<>();
        for (int from = 0; from < events; from += batch) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(batch * 300);
            try (JsonGenerator out = json.createGenerator(bytes)) {
                out.writeStartArray();
                for (int n = from; n < Math.min(events, from + batch); n++) {
                    int duration = 5 + random.nextInt(900);
                    out.writeStartObject();
                    out.writeStringField("specversion", "1.0");
                    out.writeStringField("id", prefix + "-" + n);
                    out.writeStringField("source", "calls-service");
                    out.writeStringField("type", "call");
                    out.writeStringField("subject", "customer-" + (n % CUSTOMERS));
                    out.writeStringField("time", now.minusSeconds(random.nextInt(30 * 86_400)).toString());
                    out.writeObjectFieldStart("data");
                    out.writeStringField("outcome", OUTCOMES[random.nextInt(OUTCOMES.length)]);
                    out.writeStringField("agent", "agent-" + (n % 17));
                    out.writeNumberField("duration_s", duration);
                    out.writeNumberField("cost", new java.math.BigDecimal(duration).movePointLeft(4).multiply(java.math.BigDecimal.valueOf(4)));
                    out.writeStringField("currency", "USD");
                    out.writeEndObject();
                    out.writeEndObject();
                }
                out.writeEndArray();
            }
            bodies.add(bytes.toByteArray());
        }
        return bodies;
    }

    static String serviceToken(String secret) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(System.getenv().getOrDefault("TALLY_JWT_ISSUER", "tally"))
                .audience("tally-internal").subject("bench").claim("tenant", TENANT).claim("scope", "events:write")
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(2)))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
