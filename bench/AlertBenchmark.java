import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert evaluation benchmark (bench/alerts.sh): loads CUSTOMERS customers with i mod 10 calls each in the last hour,
 * defines "calls above 5 in the last 24 hours, each customer", then times POST /api/v1/admin/alerts/check and, as the
 * anchor, one customer's figure over the same window through the query API.
 */
public class AlertBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static String base;

    public static void main(String[] args) throws Exception {
        base = args[0];
        int customers = Integer.parseInt(args[1]);
        String service = System.getenv("BENCH_SERVICE_TOKEN");
        String manager = System.getenv("BENCH_MANAGER_TOKEN");
        String admin = System.getenv("BENCH_ADMIN_TOKEN");
        Instant at = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        List<Map<String, Object>> batch = new ArrayList<>();
        int events = 0;
        int firing = 0;
        for (int c = 0; c < customers; c++) {
            String id = String.format("c-%05d", c);
            if (c % 10 > 5) {
                firing++;
            }
            for (int k = 0; k < c % 10; k++) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("specversion", "1.0");
                event.put("id", id + "-" + k);
                event.put("source", "bench");
                event.put("type", "call");
                event.put("subject", id);
                event.put("time", at.toString());
                event.put("data", Map.of("outcome", "completed"));
                batch.add(event);
                events++;
            }
            if (batch.size() >= 990 || (c == customers - 1 && !batch.isEmpty())) {
                send("POST", "/internal/v1/events", service, "application/cloudevents-batch+json", JSON.writeValueAsString(batch), 200);
                batch.clear();
            }
        }
        // customers without events: made through their profiles
        for (int c = 0; c < customers; c += 10) {
            send("PUT", "/internal/v1/customers/" + String.format("c-%05d", c), service, "application/json", "{\"timezone\": \"UTC\"}", -1);
        }
        System.out.println("customers=" + customers);
        System.out.println("events=" + events);
        String rule = "{\"name\": \"Busy customers\", \"metric\": \"calls\", \"scope\": \"each_customer\", \"window\": \"last_24_hours\","
                + " \"condition\": {\"op\": \"above\", \"threshold\": 5}, \"evaluate_every\": \"1d\"}";
        String id = JSON.readTree(send("POST", "/api/v1/alerts", manager, "application/json", rule, 201)).get("id").asText();
        Thread.sleep(3_000); // its first evaluation, by the job runner

        long[] check = new long[6];
        for (int run = 0; run < check.length; run++) {
            long start = System.nanoTime();
            send("POST", "/api/v1/admin/alerts/check", admin, "application/json", "", 200);
            check[run] = (System.nanoTime() - start) / 1_000_000;
        }
        JsonNode states = JSON.readTree(send("GET", "/api/v1/alerts/" + id, manager, null, null, 200));
        int fired = states.get("summary").get("firing").asInt();
        int subjects = states.get("states").size();
        System.out.println("answers.subjects=" + subjects + " (expected " + customers + ")");
        System.out.println("answers.firing=" + fired + " (expected " + firing + ")");
        if (fired != firing || subjects != customers) {
            System.out.println("answers=WRONG");
            System.exit(1);
        }
        long[] measured = Arrays.copyOfRange(check, 1, check.length);
        Arrays.sort(measured);
        System.out.println("check.runs_ms=" + Arrays.toString(Arrays.copyOfRange(check, 1, check.length)) + " (after a warm-up of " + check[0] + ")");
        System.out.println("check.p50_ms=" + measured[measured.length / 2]);
        System.out.println("check.per_customer_ms=" + String.format("%.2f", measured[measured.length / 2] / (double) customers));

        long[] one = new long[20];
        String query = "{\"metric\": \"calls\", \"customer\": \"c-00009\", \"period\": \"last_7_days\", \"bucket\": \"day\"}";
        send("POST", "/api/v1/analytics/query", manager, "application/json", query, 200);
        for (int run = 0; run < one.length; run++) {
            long start = System.nanoTime();
            send("POST", "/api/v1/analytics/query", manager, "application/json", query, 200);
            one[run] = (System.nanoTime() - start) / 1_000;
        }
        Arrays.sort(one);
        double anchor = one[one.length / 2] / 1000.0;
        System.out.println("anchor.one_customer_query_p50_ms=" + String.format("%.2f", anchor));
        System.out.println("ratio.check_per_customer_to_anchor=" + String.format("%.2f", measured[measured.length / 2] / (double) customers / anchor));
    }

    static String send(String method, String path, String token, String type, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + token);
        if (type != null) {
            request.header("Content-Type", type);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (expected > 0 && response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
