package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Figures read, then more events arrive: late events change the figures of the days they happened on, and
 * resends (identical or conflicting) leave every figure as it was. Customer figures come from the events,
 * tenant-wide counts from the rollups; both are read here. The expected values are worked out by hand. The
 * figures are those of {@link #DAY}, ten days ago on the test clock (UTC), and of the day before it.
 */
@MicronautTest(transactional = false)
class LateArrivalsIT extends ApiTestSupport {

    static final LocalDate DAY = TestClock.today(ZoneOffset.UTC).minusDays(10);
    static final LocalDate DAY_BEFORE = DAY.minusDays(1);
    static final String SUMMARY = "/api/v1/customers/late/usage/summary?from=" + DAY + "&to=" + DAY;

    String viewer;
    String events;
    final List<Map<String, Object>> first = new ArrayList<>();

    @BeforeEach
    void load() {
        viewer = Tokens.user(tenant, "viewer");
        events = Tokens.service(tenant, "events:write");
        assertThat(api.put("/internal/v1/customers/late", Tokens.service(tenant, "customers:write"), "{\"timezone\": \"UTC\"}").status())
                .isEqualTo(201);
        assertThat(api.post("/api/v1/meters", Tokens.user(tenant, "manager"), "application/json",
                "{\"key\": \"distinct_routes\", \"name\": \"Distinct routes\", \"event_type\": \"api.call\", "
                        + "\"aggregation\": \"unique_count\", \"dimension\": \"route\"}").status()).isEqualTo(201);
        first.add(event("a1", "api.call", DAY + "T10:00:00Z", Map.of("route", "/a")));
        first.add(event("a2", "api.call", DAY + "T11:00:00Z", Map.of("route", "/b")));
        first.add(event("st1", "storage.snapshot", DAY + "T08:00:00Z", Map.of("bytes", 100_000_000)));
        // 10:00–11:00 and 10:30–11:30 overlap: peak 2; 60 + 60 minutes.
        first.add(event("s1", "session", DAY + "T10:00:00Z", Map.of("duration_s", 3600)));
        first.add(event("s2", "session", DAY + "T10:30:00Z", Map.of("duration_s", 3600)));
        assertThat(api.postEvents(events, first).map()).containsEntry("accepted", 5);
    }

    Map<String, Object> event(String id, String type, String time, Map<String, Object> data) {
        return Events.event(id, "late-test", type, "late", time, data);
    }

    Map<String, Object> summary() {
        Api.Reply reply = api.get(SUMMARY, viewer);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.map();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> figure(Map<String, Object> summary, String key) {
        return (Map<String, Object>) ((Map<String, Object>) summary.get("figures")).get(key);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> query(String meter, String customer) {
        String body = "{\"meter\": \"" + meter + "\", " + (customer == null ? "" : "\"customer\": \"" + customer + "\", ")
                + "\"from\": \"" + DAY_BEFORE + "\", \"to\": \"" + DAY + "\", \"tz\": \"UTC\"}";
        Api.Reply reply = api.post("/api/v1/analytics/query", viewer, "application/json", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.map();
    }

    @SuppressWarnings("unchecked")
    static List<Object> values(Map<String, Object> answer) {
        return (List<Object>) ((List<Map<String, Object>>) answer.get("groups")).getFirst().get("values");
    }

    @Test
    void lateEventsChangeTheFiguresOfTheirDays() {
        Map<String, Object> before = summary();
        assertThat(figure(before, "api_calls_made")).containsEntry("value", 2).containsEntry("previous", 0);
        assertThat(figure(before, "storage_used_mb")).containsEntry("value", 100.0);
        assertThat(figure(before, "concurrent_sessions_peak")).containsEntry("value", 2);
        assertThat(figure(before, "session_minutes")).containsEntry("value", 120.00);
        assertThat(values(query("api_calls_made", null))).containsExactly(0, 2);
        assertThat(values(query("distinct_routes", "late"))).containsExactly(0, 2);

        Api.Reply reply = api.postEvents(events, List.of(
                event("a0", "api.call", DAY_BEFORE + "T12:00:00Z", Map.of("route", "/a")),      // the day before: previous 0 → 1
                event("a3", "api.call", DAY + "T01:00:00Z", Map.of("route", "/a")),      // a route seen already
                event("a4", "api.call", DAY + "T02:00:00Z", Map.of("route", "/c")),      // a new route
                event("st0", "storage.snapshot", DAY + "T07:00:00Z", Map.of("bytes", 900_000_000)), // older than the last: ignored
                event("st2", "storage.snapshot", DAY + "T09:00:00Z", Map.of("bytes", 200_000_000)), // newer: the new latest
                event("s3", "session", DAY + "T10:45:00Z", Map.of("duration_s", 600))));  // inside both: peak 3, +10 minutes
        assertThat(reply.map()).containsEntry("accepted", 6);

        Map<String, Object> after = summary();
        // 2 + 2 calls on the day; 1 the day before: growth (4 − 1) ÷ 1 × 100.
        assertThat(figure(after, "api_calls_made")).containsEntry("value", 4).containsEntry("previous", 1).containsEntry("growth_pct", 300.00);
        assertThat(figure(after, "storage_used_mb")).containsEntry("value", 200.0);
        assertThat(figure(after, "concurrent_sessions_peak")).containsEntry("value", 3);
        assertThat(figure(after, "session_minutes")).containsEntry("value", 130.00);
        assertThat(figure(after, "sessions")).containsEntry("value", 3);
        assertThat(values(query("api_calls_made", null))).containsExactly(1, 4);
        // The day before has /a; the day has /a, /b and /c.
        assertThat(values(query("distinct_routes", "late"))).containsExactly(1, 3);
        assertThat(values(query("storage_used_mb", null))).containsExactly(null, 200.0);
    }

    @Test
    void identicalAndConflictingResendsLeaveEveryFigureAsItWas() {
        Map<String, Object> summary = summary();
        Map<String, Object> tenantCalls = query("api_calls_made", null);
        Map<String, Object> tenantMinutes = query("session_minutes", null);
        Map<String, Object> routes = query("distinct_routes", "late");

        List<Map<String, Object>> resends = new ArrayList<>(first);
        resends.add(event("a1", "api.call", DAY_BEFORE + "T10:00:00Z", Map.of("route", "/z")));
        resends.add(event("st1", "storage.snapshot", DAY + "T23:00:00Z", Map.of("bytes", 900_000_000)));
        resends.add(event("s1", "session", DAY + "T10:00:00Z", Map.of("duration_s", 99_999)));
        Api.Reply reply = api.postEvents(events, resends);
        assertThat(reply.map()).containsEntry("accepted", 0).containsEntry("duplicates", 5).containsEntry("conflicts", 3);

        assertThat(summary()).isEqualTo(summary);
        assertThat(query("api_calls_made", null)).isEqualTo(tenantCalls);
        assertThat(query("session_minutes", null)).isEqualTo(tenantMinutes);
        assertThat(query("distinct_routes", "late")).isEqualTo(routes);
        assertThat(values(tenantCalls)).containsExactly(0, 2);
        assertThat(values(tenantMinutes)).containsExactly(0.00, 120.00);
    }
}
