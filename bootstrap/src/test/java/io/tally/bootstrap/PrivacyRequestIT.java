package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.tally.application.port.in.privacy.RunPrivacyRequestsUseCase;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Data subjects' requests through the real server, its job runner and the database: an erasure that reaches every copy
 * (checked by scanning every text and JSON column the catalogue lists), with figures equal to a tenant that never had the
 * customer; an access zip unzipped and counted; a restriction that keeps events but leaves them out of every figure until
 * lifted; a rectification audited with before and after; and admins only.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyRequestIT extends ApiTestSupport implements TestPropertyProvider {

    static final String JSON = "application/json";

    @Inject
    RunPrivacyRequestsUseCase jobs;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("tally.jobs.enabled", "true", "tally.node-name", "privacy-it");
    }

    /** A whole number of minutes {@code days} days ago on the test clock, plus {@code minutes}. */
    static String at(int days, int minutes) {
        return TestClock.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(days)).plus(Duration.ofMinutes(minutes)).toString();
    }

    static Map<String, Object> call(String id, String customer, String time, String outcome, int seconds, String cost) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("outcome", outcome);
        data.put("agent", "ana");
        data.put("duration_s", seconds);
        data.put("cost", new BigDecimal(cost));
        data.put("currency", "EUR");
        return Events.event(id, "calls", "call", customer, time, data);
    }

    void profile(String tenantKey, String id, String name) {
        Api.Reply reply = api.put("/internal/v1/customers/" + id, Tokens.service(tenantKey, "customers:write"),
                api.json(Map.of("display_name", name, "timezone", "Europe/Warsaw", "country", "PL", "currency", "EUR", "plan", "basic")));
        assertThat(reply.status()).as(reply.body()).isIn(200, 201);
    }

    void send(String tenantKey, List<Map<String, Object>> events) {
        Api.Reply reply = api.postEvents(Tokens.service(tenantKey, "events:write"), events);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    static Map<String, Object> session(String id, String customer, String time, int seconds) {
        return Events.event(id, "app", "session", customer, time, Map.of("duration_s", seconds));
    }

    static Map<String, Object> transcription(String id, String customer, String time, String status, String minutes) {
        return Events.event(id, "speech", "transcription", customer, time, Map.of("status", status, "minutes", new BigDecimal(minutes)));
    }

    /**
     * Calls, sessions and transcriptions of three customers in three monthly partitions, sharing 15-minute slots; the
     * subject's calls are the longest and the shortest, and their sessions overlap the others'.
     */
    List<Map<String, Object>> calls(String subject) {
        List<Map<String, Object>> events = new ArrayList<>();
        int[] days = {70, 40, 5};
        for (int d : days) {
            for (int slot = 0; slot < 3; slot++) {
                int minute = slot * 15;
                events.add(session("s-keep-a-" + d + "-" + slot, "keep-a", at(d, minute), 600));
                events.add(session("s-keep-b-" + d + "-" + slot, "keep-b", at(d, minute + 1), 300));
                events.add(session("s-" + subject + "-" + d + "-" + slot, subject, at(d, minute + 2), 1_800));
                events.add(transcription("t-keep-a-" + d + "-" + slot, "keep-a", at(d, minute + 5), "completed", "2.5"));
                events.add(transcription("t-" + subject + "-" + d + "-" + slot, subject, at(d, minute + 6), slot == 0 ? "failed" : "completed", "7.25"));
                events.add(call("keep-a-" + d + "-" + slot, "keep-a", at(d, minute + 1), "completed", 120 + slot, "0.40"));
                events.add(call("keep-b-" + d + "-" + slot, "keep-b", at(d, minute + 2), slot == 1 ? "failed" : "completed", 60 + d, "0.25"));
                events.add(call(subject + "-" + d + "-" + slot, subject, at(d, minute + 3), "completed", 900 + slot, "1.10"));
                events.add(call(subject + "-short-" + d + "-" + slot, subject, at(d, minute + 4), "failed", 3, "0.05"));
            }
        }
        return events;
    }

    Map<String, Object> await(String id, String token) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            Api.Reply reply = api.get("/api/v1/privacy/requests/" + id, token);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            String status = (String) reply.map().get("status");
            if (status.equals("completed") || status.equals("rejected")) {
                return reply.map();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("request " + id + " did not end");
    }

    Map<String, Object> request(String token, String customer, String type, Map<String, Object> extra) throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customer", customer);
        body.put("type", type);
        body.putAll(extra);
        Api.Reply submitted = api.post("/api/v1/privacy/requests", token, JSON, api.json(body));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        assertThat(submitted.map()).containsEntry("status", "received").containsEntry("type", type).containsEntry("overdue", false);
        assertThat(Instant.parse((String) submitted.map().get("due_at")))
                .isEqualTo(Instant.parse((String) submitted.map().get("received_at")).plus(Duration.ofDays(30)));
        return await((String) submitted.map().get("id"), token);
    }

    static long count(String sql, Object... values) throws SQLException {
        try (Connection connection = TestDb.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Every table's text, JSON and text-array columns (partitions included) where a needle occurs, as "table.column: rows". */
    static List<String> scan(String... needles) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (Connection connection = TestDb.connect(); PreparedStatement statement = connection.prepareStatement("""
                SELECT c.table_name, c.column_name FROM information_schema.columns c
                  JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                 WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
                   AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb') OR c.udt_name = '_text')
                 ORDER BY 1, 2""")) {
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
        }
        List<String> found = new ArrayList<>();
        for (String[] column : columns) {
            for (String needle : needles) {
                long rows = count("SELECT count(*) FROM \"" + column[0] + "\" WHERE strpos(\"" + column[1] + "\"::text, ?) > 0", needle);
                if (rows > 0) {
                    found.add(column[0] + "." + column[1] + " holds '" + needle + "': " + rows);
                }
            }
        }
        return found;
    }

    /** The tenant's usage summary over the last 90 days, without the figures Tally records about its own use (API calls, exports). */
    @SuppressWarnings("unchecked")
    Map<String, Object> productFigures(String tenantKey) {
        LocalDate today = TestClock.today(ZoneOffset.UTC);
        Api.Reply reply = api.get("/api/v1/usage/summary?from=" + today.minusDays(90) + "&to=" + today, Tokens.user(tenantKey, "analyst"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Map<String, Object> figures = new LinkedHashMap<>((Map<String, Object>) reply.map().get("figures"));
        figures.keySet().removeIf(key -> key.startsWith("api_") || key.startsWith("exports_") || key.startsWith("storage_"));
        return figures;
    }

    /** The longest and shortest call per day, tenant-wide (rollup extremes), and the calls per day. */
    Map<String, Object> extremes(String tenantKey) {
        String manager = Tokens.user(tenantKey, "manager");
        for (String aggregation : List.of("max", "min")) {
            Api.Reply meter = api.post("/api/v1/meters", manager, JSON, "{\"key\": \"call_" + aggregation + "_s\", \"name\": \"Call " + aggregation
                    + "\", \"event_type\": \"call\", \"aggregation\": \"" + aggregation + "\", \"measure\": \"duration_s\"}");
            assertThat(meter.status()).as(meter.body()).isIn(201, 409);
        }
        LocalDate today = TestClock.today(ZoneOffset.UTC);
        Map<String, Object> answers = new LinkedHashMap<>();
        for (String meter : List.of("call_max_s", "call_min_s", "calls", "call_cost", "concurrent_sessions_peak")) {
            Api.Reply reply = api.post("/api/v1/analytics/query", Tokens.user(tenantKey, "analyst"), JSON, "{\"from\": \"" + today.minusDays(90)
                    + "\", \"to\": \"" + today + "\", \"meter\": \"" + meter + "\", \"bucket\": \"day\"}");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            answers.put(meter, List.of(reply.map().get("buckets"), reply.map().get("groups"), String.valueOf(reply.map().get("totals"))));
        }
        return answers;
    }

    @SuppressWarnings("unchecked")
    static List<String> money(Map<String, Object> summary, String figure, String part) {
        Map<String, Object> value = (Map<String, Object>) summary.get(figure);
        return ((List<Map<String, Object>>) value.get(part)).stream().map(m -> m.get("amount") + " " + m.get("currency")).toList();
    }

    Map<String, Object> revenue(String tenantKey) {
        LocalDate today = TestClock.today(ZoneOffset.UTC);
        Api.Reply reply = api.get("/api/v1/billing/summary?from=" + today.minusDays(90) + "&to=" + today, Tokens.user(tenantKey, "analyst"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.map();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anErasureReachesEveryCopyAndLeavesTheFiguresOfATenantThatNeverHadTheCustomer() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String subject = "zofia-" + suffix;
        String name = "Zofia Erasmus-Kowalska " + suffix;
        String admin = Tokens.user(tenant, "admin");
        String owner = Tokens.user(tenant, "owner");
        String twin = Tokens.freshTenant();

        // the same product data in both tenants, but the subject only in this one
        for (String key : List.of(tenant, twin)) {
            profile(key, "keep-a", "Anna Keeper");
            profile(key, "keep-b", "Bolek Keeper");
        }
        profile(tenant, subject, name);
        List<Map<String, Object>> events = calls(subject);
        send(tenant, events);
        send(twin, events.stream().filter(event -> !subject.equals(event.get("subject"))).toList());

        String billing = Tokens.service(tenant, "billing:write");
        String paidAt = at(20, 0);
        for (String customer : List.of(subject, "keep-a")) {
            String refunds = customer.equals(subject) ? ", \"refunds\": [{\"amount\": {\"amount\": \"9.00\", \"currency\": \"EUR\"}, \"refunded_at\": \""
                    + at(19, 0) + "\"}]" : "";
            Api.Reply paid = api.post("/internal/v1/payments", billing, JSON, "{\"id\": \"in_" + customer.hashCode() + "\", \"customer\": \"" + customer
                    + "\", \"amount\": {\"amount\": \"49.00\", \"currency\": \"EUR\"}, \"status\": \"succeeded\", \"paid_at\": \"" + paidAt + "\""
                    + refunds + "}");
            assertThat(paid.status()).as(paid.body()).isIn(200, 201);
        }
        Api.Reply subscribed = api.put("/internal/v1/subscriptions/sub-" + suffix, billing, "{\"customer\": \"" + subject + "\", \"plan\": \"basic\", "
                + "\"status\": \"active\", \"price\": {\"amount\": \"49.00\", \"currency\": \"EUR\"}, \"interval\": \"month\", \"interval_count\": 1, "
                + "\"quantity\": 1, \"started_at\": \"" + at(60, 0) + "\", \"effective_at\": \"" + at(60, 0) + "\"}");
        assertThat(subscribed.status()).as(subscribed.body()).isIn(200, 201);
        Api.Reply consent = api.post("/internal/v1/consents", Tokens.service(tenant, "consent:write"), JSON, "{\"customer\": \"" + subject
                + "\", \"category\": \"analytics\", \"given\": true, \"version\": \"v1\", \"legal_basis\": \"consent\", \"purpose\": \"usage analytics for "
                + name + "\", \"at\": \"" + at(60, 0) + "\"}");
        assertThat(consent.status()).as(consent.body()).isIn(200, 201);
        LocalDate today = TestClock.today(ZoneOffset.UTC);
        String job = (String) api.post("/api/v1/exports", owner, JSON, api.json(Map.of("report", "usage-history", "customer", subject, "from",
                today.minusDays(80).toString(), "to", today.toString(), "format", "csv"))).map().get("id");
        for (int i = 0; i < 200 && !"succeeded".equals(api.get("/api/v1/exports/" + job, owner).map().get("status")); i++) {
            Thread.sleep(100);
        }
        assertThat(api.get("/api/v1/exports/" + job, owner).map()).containsEntry("status", "succeeded");
        assertThat(api.download("/api/v1/customers/" + subject + "/reports/usage-summary?days=30&format=json", owner).status()).isEqualTo(200);
        Api.Reply plan = api.post("/api/v1/plans", Tokens.user(tenant, "manager"), JSON, api.json(Map.of("key", "basic", "name", "Basic",
                "limits", List.of(Map.of("meter", "transcription_minutes", "amount", 600, "period", "calendar_month", "enforcement", "hard")))));
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        Api.Reply reset = api.send(api.request("/api/v1/admin/usage-resets", admin).header("Content-Type", JSON).header("Idempotency-Key", "r-" + suffix)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(api.json(Map.of("customer_ids", List.of(subject, "keep-a"), "reset_type", "usage",
                        "reason", "goodwill for " + name)))).build());
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);

        assertThat(productFigures(tenant)).as("the subject counts before").isNotEqualTo(productFigures(twin));
        assertThat(extremes(tenant)).as("the subject's calls are the longest and the shortest before").isNotEqualTo(extremes(twin));
        Map<String, Object> revenueBefore = revenue(tenant);
        String customerRow = "(SELECT c.customer_id FROM customer c JOIN tenant t ON t.tenant_id = c.tenant_id WHERE t.tenant_key = ? AND c.external_id = ?)";
        long events0 = count("SELECT count(*) FROM usage_event WHERE customer_id = " + customerRow, tenant, subject);
        long keys0 = count("SELECT count(*) FROM usage_event_key k JOIN tenant t ON t.tenant_id = k.tenant_id WHERE t.tenant_key = ? AND k.event_id LIKE ?",
                tenant, "%" + subject + "-%");
        long jobs0 = count("SELECT count(*) FROM export_job j JOIN tenant t ON t.tenant_id = j.tenant_id WHERE t.tenant_key = ? AND j.customer = ?",
                tenant, subject);
        long chunks0 = count("SELECT count(*) FROM export_file_chunk WHERE job_id = ?::uuid", job);
        assertThat(events0).as("36 events in 3 partitions, and the subject's own exports").isGreaterThanOrEqualTo(36);
        assertThat(count("SELECT count(DISTINCT tableoid) FROM usage_event WHERE customer_id = " + customerRow + " AND type = 'call'", tenant, subject))
                .isEqualTo(3);
        assertThat(keys0).as("6 calls, 1 session and 1 transcription in each of 9 slots").isEqualTo(36);
        assertThat(jobs0).isEqualTo(1);
        assertThat(chunks0).isPositive();
        assertThat(scan(subject, name)).as("the subject is everywhere before").isNotEmpty();

        Map<String, Object> erased = request(admin, subject, "erasure", Map.of("note", "asked by e-mail by " + name));

        assertThat(erased).containsEntry("status", "completed").containsEntry("reason", null);
        assertThat(scan(subject, name)).as("nothing holds the external id or the display name").isEmpty();
        Map<String, Object> receipt = (Map<String, Object>) erased.get("receipt");
        String tombstone = (String) receipt.get("tombstone");
        assertThat(tombstone).matches("erased-[a-z2-7]{26}");
        assertThat(erased).containsEntry("customer", tombstone);
        Map<String, Object> deleted = (Map<String, Object>) receipt.get("deleted");
        assertThat(((Number) deleted.get("usage_event")).longValue()).isEqualTo(events0);
        assertThat(((Number) deleted.get("usage_event_key")).longValue()).isEqualTo(events0);
        assertThat(((Number) deleted.get("export_job")).longValue()).isEqualTo(jobs0);
        assertThat(((Number) deleted.get("export_file_chunk")).longValue()).isEqualTo(chunks0);
        assertThat(count("SELECT count(*) FROM usage_event WHERE customer_id = " + customerRow, tenant, tombstone)).isZero();
        assertThat(count("SELECT count(*) FROM export_job WHERE job_id = ?::uuid", job)).isZero();
        Map<String, Object> masked = (Map<String, Object>) receipt.get("masked");
        assertThat(masked).containsKeys("audit_entry.details", "customer.external_id", "customer.display_name", "usage_reset.outcomes");
        assertThat(((Number) masked.get("customer.external_id")).longValue()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM payment_refund r JOIN payment p ON p.tenant_id = r.tenant_id AND p.payment_id = r.payment_id"
                + " WHERE p.customer_id = " + customerRow, tenant, tombstone)).as("the payment and its refund are kept").isEqualTo(1);

        assertThat(productFigures(tenant)).as("as if the subject's events had never arrived").isEqualTo(productFigures(twin));
        assertThat(extremes(tenant)).isEqualTo(extremes(twin));
        Map<String, Object> revenueAfter = revenue(tenant);
        assertThat(money(revenueAfter, "total_revenue", "net")).containsExactly("89.00 EUR").isEqualTo(money(revenueBefore, "total_revenue", "net"));
        assertThat(count("SELECT count(*) FROM payment WHERE customer_id = " + customerRow, tenant, tombstone)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM subscription_version WHERE customer_id = " + customerRow, tenant, tombstone)).isEqualTo(1);

        Api.Reply resent = api.postEvents(Tokens.service(tenant, "events:write"), List.of(events.get(2), events.get(0)));
        assertThat(resent.status()).as(resent.body()).isEqualTo(207);
        List<Map<String, Object>> results = (List<Map<String, Object>>) resent.map().get("results");
        assertThat(results.get(0)).containsEntry("status", "rejected");
        assertThat((String) results.get(0).get("reason")).contains("was erased at their request");
        assertThat(results.get(1)).containsEntry("status", "duplicate");
        assertThat(count("SELECT count(*) FROM customer c JOIN tenant t ON t.tenant_id = c.tenant_id WHERE t.tenant_key = ? AND c.external_id = ?",
                tenant, subject)).as("the resent event made no customer").isZero();
        Api.Reply again = api.post("/api/v1/privacy/requests", admin, JSON, api.json(Map.of("customer", subject, "type", "access")));
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        Api.Reply profileAgain = api.put("/internal/v1/customers/" + subject, Tokens.service(tenant, "customers:write"), "{\"display_name\": \"Zofia\"}");
        assertThat(profileAgain.status()).as(profileAgain.body()).isEqualTo(409);

        List<Map<String, Object>> audit = api.get("/api/v1/admin/audit?limit=200", admin).items();
        assertThat(audit).extracting(entry -> entry.get("action")).contains("privacy.request_received", "privacy.request_started",
                "privacy.request_completed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAccessZipHoldsEveryEventAndWhatElseIsKeptWithAReadme() throws Exception {
        String admin = Tokens.user(tenant, "admin");
        profile(tenant, "ada", "Ada Lovelace");
        Api.Reply settings = api.put("/api/v1/tenant/settings", Tokens.user(tenant, "owner"),
                "{\"timezone\": \"UTC\", \"currency\": \"EUR\", \"personal_dimensions\": [\"phone\"]}");
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        List<Map<String, Object>> events = new ArrayList<>();
        long seconds = 0;
        for (int i = 0; i < 1_250; i++) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("outcome", i % 7 == 0 ? "failed" : "completed");
            data.put("phone", "+48 600 100 " + String.format("%03d", i % 1000));
            data.put("duration_s", i % 300 + 1);
            seconds += i % 300 + 1;
            events.add(Events.event("ada-" + i, "calls", "call", "ada", at(1 + i % 60, i % 50), data));
        }
        for (int from = 0; from < events.size(); from += 500) {
            send(tenant, events.subList(from, Math.min(events.size(), from + 500)));
        }
        Api.Reply consent = api.post("/internal/v1/consents", Tokens.service(tenant, "consent:write"), JSON,
                "{\"customer\": \"ada\", \"category\": \"analytics\", \"given\": true, \"version\": \"v2\", \"legal_basis\": \"consent\", \"at\": \"" + at(61, 0) + "\"}");
        assertThat(consent.status()).as(consent.body()).isIn(200, 201);

        assertThat(api.post("/api/v1/privacy/requests", Tokens.user(tenant, "manager"), JSON, "{\"customer\": \"ada\", \"type\": \"access\"}").status())
                .isEqualTo(403);
        Map<String, Object> done = request(admin, "ada", "access", Map.of());

        assertThat(done).containsEntry("status", "completed");
        Map<String, Object> file = (Map<String, Object>) done.get("file");
        assertThat(file).containsEntry("available", true);
        Instant finished = Instant.parse((String) done.get("finished_at"));
        assertThat(Instant.parse((String) file.get("expires_at"))).as("7 days after the zip was made")
                .isBetween(finished.plus(Duration.ofDays(7)).minus(Duration.ofMinutes(1)), finished.plus(Duration.ofDays(7)));
        Api.Binary zip = api.download((String) file.get("download"), admin);
        assertThat(zip.status()).isEqualTo(200);
        assertThat(zip.header("Content-Type")).isEqualTo("application/zip");
        assertThat((long) zip.body().length).isEqualTo(((Number) file.get("bytes")).longValue());
        assertThat(api.download((String) file.get("download"), Tokens.user(tenant, "manager")).status()).isEqualTo(403);
        Map<String, String> entries = unzip(zip.body());
        assertThat(entries).containsKeys("README.txt", "profile.json", "events.csv", "events.jsonl", "billing/subscriptions.json", "billing/payments.json",
                "limits.json", "usage_resets.json", "exports.json", "consents.json", "audit.json", "requests.json");
        List<String> lines = entries.get("events.csv").lines().toList();
        assertThat(lines).hasSize(1 + 1_250);
        List<String> header = List.of(lines.getFirst().split(","));
        assertThat(header).startsWith("occurred_at", "type", "source", "id", "received_at").contains("phone", "duration_s");
        int duration = header.indexOf("duration_s");
        int phone = header.indexOf("phone");
        long sum = lines.stream().skip(1).mapToLong(line -> Long.parseLong(line.split(",")[duration])).sum();
        assertThat(sum).isEqualTo(seconds);
        assertThat(lines.get(1).split(",")[phone]).as("the access export shows personal data in full (a leading + neutralised for spreadsheets)")
                .startsWith("'+48 600 100 ");
        assertThat(entries.get("events.jsonl").lines()).hasSize(1_250);
        assertThat(entries.get("profile.json")).contains("\"display_name\":\"Ada Lovelace\"");
        assertThat(entries.get("consents.json")).contains("\"version\": \"v2\"");
        assertThat(entries.get("audit.json")).contains("consent.given").contains("privacy.request_received");
        assertThat(entries.get("README.txt")).contains("events.csv").contains("1250 records").contains("GDPR Art. 15");
        assertThat(((Map<String, Object>) done.get("receipt"))).containsEntry("events", 1_250);

        // seven days later: the file is gone (410), and the sweep deletes its chunks
        String id = (String) done.get("id");
        assertThat(count("SELECT count(*) FROM privacy_file_chunk WHERE request_id = ?::uuid", id)).isPositive();
        try (Connection connection = TestDb.connect(); PreparedStatement statement = connection.prepareStatement(
                "UPDATE privacy_request SET file_expires_at = ? WHERE request_id = ?::uuid")) {
            statement.setTimestamp(1, java.sql.Timestamp.from(TestClock.now().minus(Duration.ofMinutes(1))));
            statement.setString(2, id);
            statement.executeUpdate();
        }
        Api.Binary gone = api.download((String) file.get("download"), admin);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.text()).contains("expired");
        jobs.sweepPrivacyRequests();
        assertThat(count("SELECT count(*) FROM privacy_file_chunk WHERE request_id = ?::uuid", id)).isZero();
        assertThat((Map<String, Object>) api.get("/api/v1/privacy/requests/" + id, admin).map().get("file")).containsEntry("available", false);
    }

    @Test
    @SuppressWarnings("unchecked")
    void requestsAboutOneCustomerTakeTurnsAndAnErasureMasksTheNamesARectificationRecorded() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String subject = "turns-" + suffix;
        String before = "Jan Kowalsky " + suffix;
        String after = "Jan Kowalski " + suffix;
        String admin = Tokens.user(tenant, "admin");
        profile(tenant, subject, before);
        send(tenant, List.of(session("s-" + suffix, subject, at(2, 0), 60)));
        List<String> ids = new ArrayList<>();
        for (String body : List.of("{\"customer\": \"" + subject + "\", \"type\": \"rectification\", \"changes\": {\"display_name\": \"" + after + "\"}}",
                "{\"customer\": \"" + subject + "\", \"type\": \"access\"}", "{\"customer\": \"" + subject + "\", \"type\": \"erasure\"}")) {
            Api.Reply submitted = api.post("/api/v1/privacy/requests", admin, JSON, body);
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
            ids.add((String) submitted.map().get("id"));
        }
        List<Map<String, Object>> ended = new ArrayList<>();
        for (String id : ids) {
            ended.add(await(id, admin));
        }
        assertThat(ended.get(2)).containsEntry("status", "completed");
        // taken one at a time, in whatever order the job runner picks them: one taken after the erasure finds nothing to work on
        assertThat(ended.subList(0, 2)).allSatisfy(request -> assertThat(request.get("status").equals("completed")
                || ((String) request.get("reason")).contains("was erased")).as(request.toString()).isTrue());
        assertThat(ids).allSatisfy(id -> assertThat((String) api.get("/api/v1/privacy/requests/" + id, admin).map().get("customer"))
                .as("known by the tombstone once erased").startsWith("erased-"));
        assertThat(scan(subject, before, after)).as("the id, the name before and the name after the rectification").isEmpty();
        List<Map<String, Object>> started = api.get("/api/v1/admin/audit?action=privacy.request_started&limit=10", admin).items();
        assertThat(started).hasSize(3);
    }

    static String masked(String function, String value, String ids, String names) throws SQLException {
        try (Connection connection = TestDb.connect(); PreparedStatement statement = connection.prepareStatement(
                "SELECT " + function + "(?" + (function.endsWith("jsonb") ? "::jsonb" : "") + ", ?::text[], ?::text[], 'erased-x')::text")) {
            statement.setString(1, value);
            statement.setString(2, ids);
            statement.setString(3, names);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    @Test
    void theMaskReplacesAnIdWhereItStandsAloneAndNeverPartOfAnotherIdATimeOrAKey() throws SQLException {
        String ids = "{acme,42}";
        String names = "{\"Zofia Nowak\"}";
        assertThat(masked("privacy_mask_text", "acme", ids, names)).isEqualTo("erased-x");
        assertThat(masked("privacy_mask_text", "42", ids, names)).as("a whole value equal to an id, numeric or not").isEqualTo("erased-x");
        assertThat(masked("privacy_mask_text", "customer:acme", ids, names)).isEqualTo("customer:erased-x");
        assertThat(masked("privacy_mask_text", "asked by acme, then by Zofia Nowak.", ids, names)).isEqualTo("asked by erased-x, then by erased-x.");
        assertThat(masked("privacy_mask_text", "acme-eu acme_2 pay-acme acme.io acmecorp", ids, names)).as("other identifiers")
                .isEqualTo("acme-eu acme_2 pay-acme acme.io acmecorp");
        assertThat(masked("privacy_mask_text", "2026-12-03T13:42:00Z, 42 rows", ids, names)).as("a numeric id only as a whole value")
                .isEqualTo("2026-12-03T13:42:00Z, 42 rows");
        assertThat(masked("privacy_mask_text", "Zofia Nowakowska", ids, names)).isEqualTo("Zofia Nowakowska");
        assertThat(masked("privacy_mask_jsonb", "{\"acme\": \"acme\", \"customer\": \"acme-eu\", \"n\": 42, \"ids\": [\"42\", \"x acme\"]}", ids, names))
                .as("values only, keys kept (jsonb orders keys by length)")
                .isEqualTo("{\"n\": 42, \"ids\": [\"erased-x\", \"x erased-x\"], \"acme\": \"erased-x\", \"customer\": \"acme-eu\"}");
    }

    static Map<String, String> unzip(byte[] bytes) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    @SuppressWarnings("unchecked")
    Object limitUsed(String customer) {
        Api.Reply reply = api.get("/api/v1/customers/" + customer + "/limits", Tokens.user(tenant, "viewer"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return ((List<Map<String, Object>>) reply.map().get("limits")).getFirst().get("used");
    }

    @SuppressWarnings("unchecked")
    static long sessions(Map<String, Object> figures) {
        return ((Number) ((Map<String, Object>) figures.get("sessions")).get("value")).longValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRestrictedCustomersEventsAreStoredButCountedNowhereUntilLifted() throws Exception {
        String admin = Tokens.user(tenant, "admin");
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(session("r-" + i, "rita", at(3, i), 60));
            events.add(session("o-" + i, "otto", at(3, i), 60));
            events.add(call("c-" + i, "otto", at(3, i), "completed", 5 + i, "0.10"));
        }
        events.add(session("r-long", "rita", at(3, 5), 60));
        events.add(session("r-now", "rita", TestClock.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString(), 60));
        events.add(call("c-long", "rita", at(3, 5), "completed", 4_000, "0.10"));
        Api.Reply plan = api.post("/api/v1/plans", Tokens.user(tenant, "manager"), JSON, api.json(Map.of("key", "basic", "name", "Basic",
                "limits", List.of(Map.of("meter", "sessions", "amount", 1000, "period", "calendar_month", "enforcement", "hard")))));
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        profile(tenant, "rita", "Rita Restricted");
        send(tenant, events);
        assertThat(sessions(productFigures(tenant))).isEqualTo(10);
        Object usedBefore = limitUsed("rita");
        assertThat(((Number) usedBefore).intValue()).as("this month's sessions, at least the one a second ago").isPositive();
        assertThat(extremes(tenant).toString()).contains("4000");

        Map<String, Object> restricted = request(admin, "rita", "restriction", Map.of("note", "contests the accuracy"));
        assertThat(restricted).containsEntry("status", "completed");
        assertThat(sessions(productFigures(tenant))).as("rita's 6 sessions are left out").isEqualTo(4);
        assertThat(limitUsed("rita")).as("her plan limit still counts her usage (Art. 18(2))").isEqualTo(usedBefore);
        assertThat(extremes(tenant).toString()).as("rita's longest call is left out of the maximum").doesNotContain("4000");
        Api.Reply customerSummary = api.get("/api/v1/customers/rita/usage/summary?days=7", Tokens.user(tenant, "analyst"));
        assertThat(customerSummary.status()).isEqualTo(200);
        assertThat(sessions((Map<String, Object>) customerSummary.map().get("figures"))).isZero();
        Api.Binary export = api.download("/api/v1/customers/rita/reports/usage-summary?days=30&format=csv", Tokens.user(tenant, "owner"));
        assertThat(export.status()).isEqualTo(409);
        assertThat(export.text()).contains("restricted at their request");

        send(tenant, List.of(session("r-new", "rita", at(1, 0), 60)));
        assertThat(count("SELECT count(*) FROM usage_event e JOIN tenant t ON t.tenant_id = e.tenant_id JOIN customer c ON c.customer_id = e.customer_id"
                + " WHERE t.tenant_key = ? AND c.external_id = 'rita'", tenant)).as("new events are still stored").isEqualTo(8);
        assertThat(sessions(productFigures(tenant))).isEqualTo(4);
        Api.Reply twice = api.post("/api/v1/privacy/requests", admin, JSON, "{\"customer\": \"rita\", \"type\": \"objection\"}");
        assertThat(twice.status()).isEqualTo(202);
        assertThat(await((String) twice.map().get("id"), admin)).containsEntry("status", "rejected");

        Map<String, Object> lifted = request(admin, "rita", "lift_restriction", Map.of());
        assertThat(lifted).containsEntry("status", "completed");
        assertThat(sessions(productFigures(tenant))).as("all 7 of rita's sessions count again").isEqualTo(11);
        assertThat(extremes(tenant).toString()).contains("4000");
        assertThat(request(admin, "rita", "lift_restriction", Map.of())).containsEntry("status", "rejected");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRectificationIsAuditedWithBeforeAndAfterAndOnlyAdminsHandleRequests() throws Exception {
        String admin = Tokens.user(tenant, "admin");
        profile(tenant, "bea", "Bea Smtih");
        Map<String, Object> done = request(admin, "bea", "rectification", Map.of("changes", Map.of("display_name", "Bea Smith", "country", "DE")));
        assertThat(done).containsEntry("status", "completed");
        assertThat(api.get("/api/v1/customers/bea", Tokens.user(tenant, "viewer")).map()).containsEntry("display_name", "Bea Smith")
                .containsEntry("country", "DE").containsEntry("timezone", "Europe/Warsaw");
        Map<String, Object> rectified = api.get("/api/v1/admin/audit?action=customer.rectified", admin).items().getFirst();
        assertThat((Map<String, Object>) rectified.get("details")).containsEntry("before", Map.of("display_name", "Bea Smtih", "country", "PL"))
                .containsEntry("after", Map.of("display_name", "Bea Smith", "country", "DE"));

        for (String role : List.of("viewer", "analyst", "manager")) {
            String token = Tokens.user(tenant, role);
            assertThat(api.post("/api/v1/privacy/requests", token, JSON, "{\"customer\": \"bea\", \"type\": \"access\"}").status()).as(role).isEqualTo(403);
            assertThat(api.get("/api/v1/privacy/requests", token).status()).as(role).isEqualTo(403);
            assertThat(api.get("/api/v1/privacy/requests/" + done.get("id"), token).status()).as(role).isEqualTo(403);
        }
        assertThat(api.get("/api/v1/privacy/requests/" + done.get("id"), Tokens.user(Tokens.freshTenant(), "admin")).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/privacy/requests", Tokens.service(tenant, "events:write"), JSON, "{\"customer\": \"bea\", \"type\": \"access\"}")
                .status()).isIn(401, 403);

        Api.Reply unknownType = api.post("/api/v1/privacy/requests", admin, JSON, "{\"customer\": \"bea\", \"type\": \"forget\"}");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.errors().getFirst()).containsEntry("field", "type");
        Api.Reply noChanges = api.post("/api/v1/privacy/requests", admin, JSON, "{\"customer\": \"bea\", \"type\": \"rectification\"}");
        assertThat(noChanges.status()).isEqualTo(400);
        assertThat(noChanges.errors().getFirst()).containsEntry("field", "changes");
        Api.Reply badField = api.post("/api/v1/privacy/requests", admin, JSON,
                "{\"customer\": \"bea\", \"type\": \"rectification\", \"changes\": {\"plan\": \"pro\"}}");
        assertThat(badField.status()).isEqualTo(400);
        assertThat(badField.errors().getFirst()).containsEntry("field", "changes.plan");
        assertThat(api.post("/api/v1/privacy/requests", admin, JSON, "{\"customer\": \"nobody\", \"type\": \"access\"}").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/privacy/requests/" + done.get("id") + "/file", admin).status()).isEqualTo(409);

        Api.Reply listed = api.get("/api/v1/privacy/requests?type=rectification&status=completed&limit=1", admin);
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.items()).singleElement().satisfies(item -> assertThat(item).containsEntry("id", done.get("id")));
        assertThat(api.get("/api/v1/privacy/requests?overdue=true", admin).items()).isEmpty();
        List<Object> actions = api.get("/api/v1/admin/audit?limit=100", admin).items().stream().map(entry -> entry.get("action")).toList();
        assertThat(actions).contains("privacy.request_received", "privacy.request_started", "privacy.request_completed", "customer.rectified");
    }
}
