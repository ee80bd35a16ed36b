package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.tally.application.port.out.privacy.RetentionStorePort;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retention through the real server and database: a dry run counts what would go and deletes nothing; the cleanup then
 * deletes exactly those rows (checked with SQL: usage events, their keys, rollups, audit entries, export jobs older than
 * the settings), and an event older than the tenant keeps is refused when sent again. Monthly partitions are dropped whole.
 */
@MicronautTest(transactional = false)
class RetentionIT extends ApiTestSupport {

    @Inject
    RetentionStorePort retention;

    long count(String sql, Instant cutoff) throws SQLException {
        try (Connection connection = TestDb.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tenant);
            statement.setTimestamp(2, Timestamp.from(cutoff));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    void execute(String sql, Object... values) throws SQLException {
        try (Connection connection = TestDb.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i] instanceof Instant at ? Timestamp.from(at) : values[i]);
            }
            statement.execute();
        }
    }

    static final String EVENTS = "SELECT count(*) FROM usage_event e JOIN tenant t ON t.tenant_id = e.tenant_id WHERE t.tenant_key = ? AND e.occurred_at < ?";
    static final String KEYS = "SELECT count(*) FROM usage_event_key k JOIN tenant t ON t.tenant_id = k.tenant_id WHERE t.tenant_key = ? AND k.occurred_at < ?";
    static final String ROLLUPS = "SELECT count(*) FROM usage_rollup r JOIN tenant t ON t.tenant_id = r.tenant_id WHERE t.tenant_key = ? AND r.slot < ?";
    static final String AUDIT = "SELECT count(*) FROM audit_entry a JOIN tenant t ON t.tenant_id = a.tenant_id WHERE t.tenant_key = ? AND a.occurred_at < ?";
    static final String EXPORTS = "SELECT count(*) FROM export_job j JOIN tenant t ON t.tenant_id = j.tenant_id WHERE t.tenant_key = ? AND j.created_at < ?";

    List<Long> counts(Instant events, Instant audit, Instant exports) throws SQLException {
        return List.of(count(EVENTS, events), count(KEYS, events), count(ROLLUPS, events), count(AUDIT, audit), count(EXPORTS, exports));
    }

    @Test
    void theCleanupDeletesExactlyWhatIsOlderThanTheSettingsAndTheDryRunCountsItWithoutDeleting() throws Exception {
        String owner = Tokens.user(tenant, "owner");
        String admin = Tokens.user(tenant, "admin");
        Instant now = TestClock.now();
        List<Map<String, Object>> batch = List.of(
                Events.event("old-1", "calls", "call", "olga", now.minus(Duration.ofDays(45)).truncatedTo(ChronoUnit.SECONDS).toString(), Map.of("outcome", "completed")),
                Events.event("old-2", "calls", "call", "olga", now.minus(Duration.ofDays(40)).truncatedTo(ChronoUnit.SECONDS).toString(), Map.of("outcome", "completed")),
                Events.event("old-3", "calls", "call", "olga", now.minus(Duration.ofDays(31)).truncatedTo(ChronoUnit.SECONDS).toString(), Map.of("outcome", "failed")),
                Events.event("new-1", "calls", "call", "olga", now.minus(Duration.ofDays(29)).truncatedTo(ChronoUnit.SECONDS).toString(), Map.of("outcome", "completed")),
                Events.event("new-2", "calls", "call", "olga", now.minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString(), Map.of("outcome", "completed")));
        assertThat(api.postEvents(Tokens.service(tenant, "events:write"), batch).map()).containsEntry("accepted", 5);
        String exportBody = api.json(Map.of("report", "usage-history", "customer", "olga", "from", LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(60)
                .toString(), "to", LocalDate.ofInstant(now, ZoneOffset.UTC).toString(), "format", "csv"));
        String job = (String) api.post("/api/v1/exports", owner, "application/json", exportBody).map().get("id");
        for (int i = 0; i < 100 && !"succeeded".equals(api.get("/api/v1/exports/" + job, owner).map().get("status")); i++) {
            Thread.sleep(100);
        }
        execute("UPDATE export_job SET created_at = ? WHERE job_id = ?::uuid", now.minus(Duration.ofDays(10)), job);
        execute("INSERT INTO audit_entry (tenant_id, occurred_at, actor, action, target, details, request_id)"
                + " SELECT tenant_id, ?, 'test', 'test.old', 'x', '{}'::jsonb, 'r' FROM tenant WHERE tenant_key = ?", now.minus(Duration.ofDays(90)), tenant);
        execute("INSERT INTO audit_entry (tenant_id, occurred_at, actor, action, target, details, request_id)"
                + " SELECT tenant_id, ?, 'test', 'test.recent', 'x', '{}'::jsonb, 'r' FROM tenant WHERE tenant_key = ?", now.minus(Duration.ofDays(10)), tenant);

        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("timezone", "UTC");
        settings.put("currency", "EUR");
        settings.put("retention", Map.of("events_days", 30, "audit_days", 60, "exports_days", 7, "keep_rollups", false));
        Api.Reply set = api.put("/api/v1/tenant/settings", owner, api.json(settings));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.map().get("retention")).isEqualTo(Map.of("events_days", 30, "audit_days", 60, "exports_days", 7, "keep_rollups", false));
        assertThat(api.post("/api/v1/admin/cleanup", Tokens.user(tenant, "manager"), "application/json", "{\"dry_run\": true}").status())
                .isEqualTo(403);

        Api.Reply dry = api.post("/api/v1/admin/cleanup", admin, "application/json", "{\"dry_run\": true}");
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> cutoffs = (Map<String, Object>) dry.map().get("cutoffs");
        Instant events = Instant.parse((String) cutoffs.get("events_before"));
        Instant audit = Instant.parse((String) cutoffs.get("audit_before"));
        Instant exports = Instant.parse((String) cutoffs.get("exports_before"));
        assertThat(events).isEqualTo(Instant.ofEpochSecond(Math.floorDiv(events.getEpochSecond(), 900) * 900)).isBefore(now.minus(Duration.ofDays(30)))
                .isAfter(now.minus(Duration.ofDays(30)).minus(Duration.ofMinutes(16)));
        List<Long> before = counts(events, audit, exports);
        // 3 events, their 3 keys, their 3 slots' count rows, 1 audit entry (the recent ones are the settings change and these), 1 export job
        assertThat(before).containsExactly(3L, 3L, 3L, 1L, 1L);
        assertThat(dry.map().get("would_delete")).isEqualTo(Map.of("events", 3, "event_keys", 3, "rollups", 3, "audit_entries", 1, "export_jobs", 1));
        assertThat(counts(events, audit, exports)).as("a dry run deletes nothing").isEqualTo(before);

        Api.Reply run = api.post("/api/v1/admin/cleanup", admin, "application/json", "{}");
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.map().get("deleted")).isEqualTo(dry.map().get("would_delete"));
        assertThat(counts(events, audit, exports)).containsExactly(0L, 0L, 0L, 0L, 0L);
        assertThat(count(EVENTS.replace("e.occurred_at < ?", "e.occurred_at >= ? AND e.type = 'call'"), events)).as("the newer calls stay")
                .isEqualTo(2);
        assertThat(count(AUDIT.replace("a.occurred_at < ?", "a.occurred_at >= ?"), audit)).isPositive();
        assertThat(api.get("/api/v1/admin/audit?action=retention.cleanup_run", admin).items()).singleElement()
                .satisfies(entry -> assertThat(entry.get("details").toString()).contains("events=3"));

        Api.Reply resent = api.postEvents(Tokens.service(tenant, "events:write"), List.of(batch.getFirst()));
        assertThat(resent.status()).isEqualTo(207);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = ((List<Map<String, Object>>) resent.map().get("results")).getFirst();
        assertThat(result).containsEntry("status", "rejected");
        assertThat((String) result.get("reason")).contains("older than the tenant keeps usage events (retention.events_days: 30 days)");

        Api.Reply bad = api.put("/api/v1/tenant/settings", owner, api.json(Map.of("timezone", "UTC", "currency", "EUR",
                "retention", Map.of("events_days", 7))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errors().getFirst()).containsEntry("field", "retention.events_days");
    }

    @Test
    void aMonthlyPartitionIsDroppedWholeOnceEveryRetentionPassedIt() throws Exception {
        execute("SELECT usage_event_ensure_partition(?::timestamptz)", Instant.parse("1990-01-15T00:00:00Z"));
        execute("SELECT usage_event_ensure_partition(?::timestamptz)", Instant.parse("1990-02-15T00:00:00Z"));
        List<String> dropped = retention.dropPartitionsBefore(Instant.parse("1990-02-01T00:00:00Z"));
        assertThat(dropped).containsExactly("usage_event_1990_01");
        assertThat(retention.dropPartitionsBefore(Instant.parse("1990-02-28T00:00:00Z"))).isEmpty();
        assertThat(retention.dropPartitionsBefore(Instant.parse("1990-03-01T00:00:00Z"))).containsExactly("usage_event_1990_02");
    }
}
