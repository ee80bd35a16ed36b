import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The privacy benchmark (bench/privacy.sh): loads one customer with EVENTS sessions and OTHERS customers with 100 each,
 * then times an access request (its zip checked line by line) and an erasure (the tenant's figures checked after), and
 * as the anchor psql \copy of the same events.
 */
public class PrivacyBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String SUBJECT = "subject-0001";
    static String base;

    public static void main(String[] args) throws Exception {
        base = args[0];
        int events = Integer.parseInt(args[1]);
        int others = Integer.parseInt(args[2]);
        String service = System.getenv("BENCH_SERVICE_TOKEN");
        String admin = System.getenv("BENCH_ADMIN_TOKEN");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long seconds = 0;
        long loadStart = System.nanoTime();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            int duration = 1 + i % 3600;
            seconds += duration;
            batch.add(event("s-" + i, SUBJECT, now.minusSeconds(60 + (long) i * 7_776_000L / events), duration));
            if (batch.size() == 1000) {
                post(service, batch);
            }
        }
        for (int c = 0; c < others; c++) {
            for (int k = 0; k < 100; k++) {
                batch.add(event("o-" + c + "-" + k, String.format("other-%04d", c), now.minusSeconds(60 + k * 77_760L), 60));
                if (batch.size() == 1000) {
                    post(service, batch);
                }
            }
        }
        if (!batch.isEmpty()) {
            post(service, batch);
        }
        System.out.printf("data.events=%d for the customer, %d for %d others%n", events, others * 100, others);
        System.out.printf("load.seconds=%.1f%n", (System.nanoTime() - loadStart) / 1e9);

        long accessStart = System.nanoTime();
        JsonNode access = awaitRequest(admin, submit(admin, "{\"customer\": \"" + SUBJECT + "\", \"type\": \"access\"}"));
        double accessSeconds = (System.nanoTime() - accessStart) / 1e9;
        require(access.path("status").asText().equals("completed"), "the access request ended " + access);
        long bytes = access.path("file").path("bytes").asLong();
        Path zip = Files.createTempFile("tally-access", ".zip");
        HttpResponse<Path> file = HTTP.send(request(access.path("file").path("download").asText(), admin).GET().build(),
                HttpResponse.BodyHandlers.ofFile(zip));
        require(file.statusCode() == 200 && Files.size(zip) == bytes, "the zip download answered " + file.statusCode());
        long lines = 0;
        long sum = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (!entry.getName().equals("events.csv")) {
                    continue;
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                List<String> header = Arrays.asList(reader.readLine().split(","));
                int column = header.indexOf("duration_s");
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines++;
                    sum += Long.parseLong(line.split(",")[column]);
                }
                break;
            }
        }
        Files.delete(zip);
        require(lines == events && sum == seconds, "events.csv held " + lines + " events summing " + sum + ", not " + events + " and " + seconds);
        System.out.printf("access.seconds=%.1f (received to completed, the zip written as a stream)%n", accessSeconds);
        System.out.printf("access.zip=%.1f MiB, events.csv %d rows, duration_s summing %d: checked%n", bytes / 1048576.0, lines, sum);

        long copyStart = System.nanoTime();
        Process copy = new ProcessBuilder("psql", "-Atq", System.getenv("BENCH_PSQL_URL"), "-c",
                "\\copy (SELECT e.occurred_at, e.type, e.source, e.event_id, e.received_at, e.data FROM usage_event e JOIN customer c"
                        + " ON c.tenant_id = e.tenant_id AND c.customer_id = e.customer_id WHERE c.external_id = '" + SUBJECT + "'"
                        + " ORDER BY e.occurred_at, e.source, e.event_id) TO '/dev/null' WITH (FORMAT csv, HEADER)")
                .redirectErrorStream(true).start();
        String copyOutput = new String(copy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        require(copy.waitFor() == 0, "psql failed: " + copyOutput);
        double copySeconds = (System.nanoTime() - copyStart) / 1e9;
        System.out.printf("anchor.psql_copy.seconds=%.1f (the same events to CSV); access/anchor=%.1f%n", copySeconds, accessSeconds / copySeconds);

        long erasureStart = System.nanoTime();
        JsonNode erasure = awaitRequest(admin, submit(admin, "{\"customer\": \"" + SUBJECT + "\", \"type\": \"erasure\"}"));
        double erasureSeconds = (System.nanoTime() - erasureStart) / 1e9;
        require(erasure.path("status").asText().equals("completed"), "the erasure ended " + erasure);
        long deleted = erasure.path("receipt").path("deleted").path("usage_event").asLong();
        require(deleted >= events, "the erasure deleted " + deleted + " events");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode summary = JSON.readTree(send("GET", "/api/v1/usage/summary?from=" + today.minusDays(100) + "&to=" + today, admin, null, null));
        long sessions = summary.path("figures").path("sessions").path("value").asLong();
        require(sessions == others * 100L, "the tenant counts " + sessions + " sessions after the erasure, not " + others * 100);
        System.out.printf("erasure.seconds=%.1f (received to completed: %d events and keys deleted, rollups corrected, every column masked)%n",
                erasureSeconds, deleted);
        System.out.printf("erasure.check=the tenant counts %d sessions after it, the others' only%n", sessions);
    }

    static Map<String, Object> event(String id, String subject, Instant at, int duration) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", "bench");
        event.put("type", "session");
        event.put("subject", subject);
        event.put("time", at.toString());
        event.put("data", Map.of("duration_s", duration, "device", "web"));
        return event;
    }

    static void post(String token, List<Map<String, Object>> batch) throws Exception {
        send("POST", "/internal/v1/events", token, "application/cloudevents-batch+json", JSON.writeValueAsString(batch));
        batch.clear();
    }

    static String submit(String admin, String body) throws Exception {
        return JSON.readTree(send("POST", "/api/v1/privacy/requests", admin, "application/json", body)).path("id").asText();
    }

    static JsonNode awaitRequest(String admin, String id) throws Exception {
        for (int i = 0; i < 36_000; i++) {
            JsonNode request = JSON.readTree(send("GET", "/api/v1/privacy/requests/" + id, admin, null, null));
            String status = request.path("status").asText();
            if (status.equals("completed") || status.equals("rejected")) {
                return request;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("request " + id + " did not end within an hour");
    }

    static HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10)).header("Authorization", "Bearer " + token);
    }

    static String send(String method, String path, String token, String type, String body) throws Exception {
        HttpRequest.Builder request = request(path, token);
        if (type != null) {
            request.header("Content-Type", type);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        require(response.statusCode() / 100 == 2, method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        return response.body();
    }

    static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }
}
