package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Prometheus scrape at /metrics, parsed as Prometheus parses its text format. */
@MicronautTest(transactional = false)
class PrometheusIT extends ApiTestSupport {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)( \\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample: name, labels, value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    @Test
    void aScrapeAfterIngestAnExportAndAQuotaCheckShowsTheirSeries() throws Exception {
        String customer = "metrics-customer-7731";
        String service = Tokens.service(tenant, "events:write", "customers:write", "quota:read");
        String manager = Tokens.user(tenant, "manager");
        String analyst = Tokens.user(tenant, "analyst");
        List<Sample> before = scrape();

        assertThat(api.put("/internal/v1/customers/" + customer, service, """
                {"display_name": "Metrics GmbH", "timezone": "UTC", "country": "DE", "currency": "EUR", "plan": "starter",
                 "signed_up_at": "%s", "status": "active"}""".formatted(Instant.now().minus(300, ChronoUnit.DAYS))).status()).isIn(200, 201);
        String at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        List<Map<String, Object>> batch = List.of(
                Events.event("m-1", "/calls", "call.completed", customer, at, Map.of("duration_s", 30)),
                Events.event("m-2", "/calls", "call.completed", customer, at, Map.of("duration_s", 40)),
                Events.event("m-1", "/calls", "call.completed", customer, at, Map.of("duration_s", 30)),
                Events.event("m-2", "/calls", "call.completed", customer, at, Map.of("duration_s", 99)),
                Events.event("m-3", "/calls", "call.completed", customer, "not-a-time", Map.of()));
        assertThat(api.postEvents(service, batch).status()).isEqualTo(207);
        assertThat(api.post("/api/v1/plans", manager, "application/json", """
                {"key": "starter", "name": "Starter", "limits": [{"meter": "transcription_minutes", "amount": 600, "period": "calendar_month",
                 "enforcement": "hard"}]}""").status()).isEqualTo(201);
        Api.Reply quota = api.post("/internal/v1/quota-checks", service, "application/json", api.json(Map.of("customer", customer,
                "meter", "transcription_minutes", "amount", BigDecimal.ONE, "reserve", false)));
        assertThat(quota.status()).as(quota.body()).isEqualTo(200);
        Api.Binary csv = api.download("/api/v1/customers/" + customer + "/usage/history/export?format=csv&days=7", analyst);
        assertThat(csv.status()).as(csv.text()).isEqualTo(200);

        List<Sample> after = scrape();

        // events by outcome, and the batch's size
        assertThat(delta(before, after, "tally_events_ingested_total", Map.of("outcome", "accepted"))).isEqualTo(2);
        assertThat(delta(before, after, "tally_events_ingested_total", Map.of("outcome", "duplicate"))).isEqualTo(1);
        assertThat(delta(before, after, "tally_events_ingested_total", Map.of("outcome", "conflict"))).isEqualTo(1);
        assertThat(delta(before, after, "tally_events_ingested_total", Map.of("outcome", "rejected"))).isEqualTo(1);
        assertThat(delta(before, after, "tally_events_batch_size_count", Map.of())).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "tally_events_batch_size_bucket", Map.of("le", "10.0")) - value(before, "tally_events_batch_size_bucket",
                Map.of("le", "10.0"))).isGreaterThanOrEqualTo(1);

        // HTTP requests by route template, method and status, with buckets
        Map<String, String> quotaRoute = Map.of("uri", "/internal/v1/quota-checks", "method", "POST", "status", "200");
        assertThat(delta(before, after, "http_server_requests_seconds_count", quotaRoute)).isEqualTo(1);
        assertThat(value(after, "http_server_requests_seconds_bucket", with(quotaRoute, "le", "+Inf"))).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "http_server_requests_seconds_count", Map.of("uri", "/api/v1/customers/{externalId}/usage/history/export",
                "method", "GET", "status", "200"))).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "http_server_requests_seconds_count", Map.of("uri", "/internal/v1/events", "method", "POST",
                "status", "207"))).isGreaterThanOrEqualTo(1);

        // the gauges and the other families are there
        assertThat(names(after)).contains("tally_rollup_fold_lag_seconds", "tally_export_jobs", "tally_export_queue_depth",
                "tally_deliveries_total", "hikaricp_connections_active", "hikaricp_connections_max", "jvm_memory_used_bytes",
                "jvm_threads_live_threads", "process_cpu_usage", "dbscheduler_task_completions_total", "dbscheduler_task_duration_seconds_count");
        assertThat(after.stream().filter(s -> s.name().equals("dbscheduler_task_completions_total")).map(s -> s.labels().get("task")))
                .contains("schedule-fire", "schedule-delivery", "alert-evaluate", "alert-notification", "privacy-request", "retention-cleanup");
        assertThat(value(after, "tally_rollup_fold_lag_seconds", Map.of())).isGreaterThanOrEqualTo(0);
        assertThat(after.stream().filter(s -> s.name().equals("tally_export_jobs")).map(s -> s.labels().get("state")))
                .contains("queued", "running", "succeeded", "failed", "expired");
        assertThat(value(after, "tally_deliveries_total", Map.of("kind", "alert", "channel", "webhook", "outcome", "failed")))
                .isGreaterThanOrEqualTo(0);

        // no label holds a tenant's or a customer's id, and the label values stay few
        for (Sample sample : after) {
            assertThat(sample.labels().values()).as(sample.toString()).noneMatch(v -> v.contains(customer) || v.contains(tenant));
        }
        assertThat(after.stream().filter(s -> s.name().equals("http_server_requests_seconds_count")).map(s -> s.labels().get("uri")))
                .allMatch(uri -> !uri.contains(customer));
    }

    @Test
    void aTokenSentAgainIsNotVerifiedAgainButStillCheckedForItsPath() {
        String viewer = Tokens.user(tenant, "viewer");
        List<Sample> before = scrape();
        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/api/v1/tenant", viewer).status()).isEqualTo(200);
        }
        // the same token on /internal: a user token is refused there, cached or not
        assertThat(api.post("/internal/v1/quota-checks", viewer, "application/json", "{}").status()).isEqualTo(401);
        List<Sample> after = scrape();
        // verified in full once (its first request), then found verified: the cache runs before Micronaut's validator
        assertThat(delta(before, after, "tally_token_verifications_total", Map.of("result", "verified"))).isEqualTo(1.0);
        assertThat(delta(before, after, "tally_token_verifications_total", Map.of("result", "cached"))).isEqualTo(4.0);
    }

    @Test
    void withATokenTheScrapeNeedsItAndWithoutOneOnlyLoopbackClientsGetIt() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("micronaut.server.port", -1, "tally.metrics.token",
                "scrape-secret-4417"), "test")) {
            EmbeddedServer other = context.getBean(EmbeddedServer.class).start();
            Api node = new Api(other.getURI(), context.getBean(JsonMapper.class));
            Api.Reply none = node.get("/metrics", null);
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.contentType()).startsWith("application/problem+json");
            assertThat(node.get("/metrics", "wrong-secret").status()).isEqualTo(401);
            Api.Reply scraped = node.get("/metrics", "scrape-secret-4417");
            assertThat(scraped.status()).isEqualTo(200);
            assertThat(scraped.contentType()).startsWith("text/plain; version=0.0.4");
            assertThat(scraped.body()).contains("# TYPE tally_events_ingested_total counter");
        }
        // the shared test server has no token: the test client is on loopback
        assertThat(api.get("/metrics", null).status()).isEqualTo(200);
    }

    private List<Sample> scrape() {
        Api.Reply reply = api.get("/metrics", null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/plain; version=0.0.4");
        return parse(reply.body());
    }

    static List<Sample> parse(String text) {
        List<Sample> samples = new java.util.ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("a Prometheus text sample: " + line).isTrue();
            Map<String, String> labels = new HashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            String value = sample.group(4);
            samples.add(new Sample(sample.group(1), labels, switch (value) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(value);
            }));
        }
        return samples;
    }

    private static List<String> names(List<Sample> samples) {
        return samples.stream().map(Sample::name).distinct().toList();
    }

    private static double value(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    private static double delta(List<Sample> before, List<Sample> after, String name, Map<String, String> labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> copy = new HashMap<>(labels);
        copy.put(key, value);
        return copy;
    }
}
