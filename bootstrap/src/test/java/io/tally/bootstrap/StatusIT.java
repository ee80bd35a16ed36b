package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class StatusIT extends ApiTestSupport {

    @Inject
    DataSource dataSource;

    @Test
    void aNewTenantIsOkWithNothingStored() {
        Api.Reply reply = api.get("/api/v1/status", Tokens.user(tenant, "admin"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Map<String, Object> status = reply.map();
        assertThat(status).containsEntry("health", "ok");
        assertThat(status.get("events")).isEqualTo(map("stored", 0, "last_received_at", null, "oldest_at", null));
        assertThat(status.get("exports")).isEqualTo(map("queued", 0, "running", 0, "failed_last_7_days", 0));
        assertThat(status.get("schedules")).isEqualTo(Map.of("failing", List.of()));
        assertThat(status.get("alerts")).isEqualTo(Map.of("failing", List.of()));
        assertThat(status.get("retention")).isEqualTo(map("events_days", null, "audit_days", 730, "exports_days", 30, "keep_rollups", true));
        assertThat(status.get("privacy_requests")).isEqualTo(map("open", 0, "overdue", 0));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStatusShowsEventsLagFailingWorkAndOpenRequests() throws Exception {
        String service = Tokens.service(tenant, "events:write", "customers:write");
        String manager = Tokens.user(tenant, "manager");
        String admin = Tokens.user(tenant, "admin");
        assertThat(api.put("/internal/v1/customers/zoe", service, """
                {"display_name": "Zoe", "timezone": "UTC", "country": "DE", "currency": "EUR", "plan": "basic",
                 "signed_up_at": "%s", "status": "active"}""".formatted(Instant.now().minus(300, ChronoUnit.DAYS))).status()).isIn(200, 201);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant oldest = now.minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).plus(20, ChronoUnit.MINUTES);
        Instant sent = Instant.now();
        assertThat(api.postEvents(service, List.of(
                Events.event("s-1", "/calls", "call.completed", "zoe", oldest.toString(), Map.of("duration_s", 30)),
                Events.event("s-2", "/calls", "call.completed", "zoe", now.minus(1, ChronoUnit.HOURS).toString(), Map.of("duration_s", 40)),
                Events.event("s-3", "/calls", "call.completed", "zoe", now.minus(2, ChronoUnit.HOURS).toString(), Map.of("duration_s", 50)),
                Events.event("s-1", "/calls", "call.completed", "zoe", oldest.toString(), Map.of("duration_s", 30)))).status()).isEqualTo(200);
        Instant answered = Instant.now();

        String schedule = (String) api.post("/api/v1/schedules", manager, "application/json", """
                {"name": "Weekly usage for Zoe", "report": "usage-summary", "params": {"customer": "zoe", "period": "last_week"},
                 "formats": ["csv"], "cron": "0 9 * * 1", "timezone": "Europe/Berlin", "channels": [{"type": "storage"}]}""").map().get("id");
        Api.Reply run = api.post("/api/v1/schedules/" + schedule + "/run", manager, "application/json", "");
        assertThat(run.status()).as(run.body()).isIn(200, 201, 202);
        String rule = (String) api.post("/api/v1/alerts", manager, "application/json", """
                {"name": "Too many calls", "metric": "calls", "scope": "each_customer", "window": "last_24_hours",
                 "condition": {"op": "above", "threshold": 500}, "severity": "high", "evaluate_every": "5m",
                 "channels": [{"type": "storage"}]}""").map().get("id");
        assertThat(rule).isNotNull();
        // the failures themselves are set as the job runners record them (jobs do not run on the test server)
        sql("UPDATE schedule_run SET status = 'failed', error = 'the report could not be rendered', finished_at = now()"
                + " WHERE schedule_id = ?::uuid", schedule);
        sql("UPDATE alert_rule SET last_error = 'metric calls was deleted', last_evaluated_at = now() WHERE rule_id = ?::uuid", rule);
        Api.Reply request = api.post("/api/v1/privacy/requests", admin, "application/json", "{\"customer\": \"zoe\", \"type\": \"access\"}");
        assertThat(request.status()).as(request.body()).isEqualTo(202);

        // the events stored are the 3 sent and the api.call events Tally records of every /api request (written every second)
        Map<String, Object> status = Map.of();
        long recorded = -1;
        for (int i = 0; i < 50 && (recorded < 4 || ((Number) ((Map<?, ?>) status.get("events")).get("stored")).longValue() != 3 + recorded); i++) {
            Thread.sleep(100);
            status = api.get("/api/v1/status", admin).map();
            recorded = count("SELECT count(*) FROM usage_event e JOIN tenant t ON t.tenant_id = e.tenant_id"
                    + " WHERE t.tenant_key = ? AND e.type = 'api.call' AND e.source = 'tally'", tenant);
        }

        assertThat(status).containsEntry("health", "degraded");
        Map<?, ?> events = (Map<?, ?>) status.get("events");
        assertThat(recorded).isGreaterThanOrEqualTo(4);
        assertThat(((Number) events.get("stored")).longValue()).isEqualTo(3 + recorded);
        assertThat(Instant.parse((String) events.get("last_received_at"))).isBetween(sent.truncatedTo(ChronoUnit.MILLIS).minusMillis(1), answered);
        assertThat(Instant.parse((String) events.get("oldest_at"))).isEqualTo(oldest.minus(5, ChronoUnit.MINUTES));
        Map<?, ?> rollups = (Map<?, ?>) status.get("rollups");
        assertThat(((Number) rollups.get("lag_seconds")).doubleValue()).isGreaterThanOrEqualTo(0).isLessThan(120);
        List<?> schedules = (List<?>) ((Map<?, ?>) status.get("schedules")).get("failing");
        assertThat(schedules).hasSize(1);
        assertThat((Map<Object, Object>) schedules.getFirst()).containsEntry("id", schedule).containsEntry("name", "Weekly usage for Zoe")
                .containsEntry("error", "the report could not be rendered");
        List<?> rules = (List<?>) ((Map<?, ?>) status.get("alerts")).get("failing");
        assertThat(rules).hasSize(1);
        assertThat((Map<Object, Object>) rules.getFirst()).containsEntry("id", rule).containsEntry("name", "Too many calls")
                .containsEntry("error", "metric calls was deleted");
        assertThat(status.get("privacy_requests")).isEqualTo(map("open", 1, "overdue", 0));

        // another tenant's status shows none of it
        Map<String, Object> other = api.get("/api/v1/status", Tokens.user(Tokens.freshTenant(), "owner")).map();
        assertThat(((Map<?, ?>) other.get("events")).get("stored")).isEqualTo(0);
        assertThat(other).containsEntry("health", "ok");
    }

    @Test
    void onlyAdminsSeeIt() {
        for (String role : List.of("viewer", "analyst", "manager")) {
            assertThat(api.get("/api/v1/status", Tokens.user(tenant, role)).status()).as(role).isEqualTo(403);
        }
        assertThat(api.get("/api/v1/status", Tokens.user(tenant, "owner")).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/status", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/status", Tokens.service(tenant, "events:write")).status()).isEqualTo(401);
    }

    private void sql(String statement, String id) throws Exception {
        try (Connection connection = DelegatingDataSource.unwrapDataSource(dataSource).getConnection(); PreparedStatement update = connection.prepareStatement(statement)) {
            update.setString(1, id);
            assertThat(update.executeUpdate()).as(statement).isGreaterThanOrEqualTo(1);
        }
    }

    private long count(String query, String value) throws Exception {
        try (Connection connection = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             PreparedStatement select = connection.prepareStatement(query)) {
            select.setString(1, value);
            try (java.sql.ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Map<String, Object> map(Object... entries) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            map.put((String) entries[i], entries[i + 1]);
        }
        return map;
    }
}
