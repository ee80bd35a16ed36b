package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every usage figure on small hand-built fixtures. The expected values are worked out by hand in the
 * comments, never by the same SQL.
 */
@MicronautTest(transactional = false)
class UsageFiguresIT extends ApiTestSupport {

    String viewer;
    String events;
    int sequence;

    @BeforeEach
    void tokens() {
        viewer = Tokens.user(tenant, "viewer");
        events = Tokens.service(tenant, "events:write");
    }

    void customer(String id, String timezone) {
        assertThat(api.put("/internal/v1/customers/" + id, Tokens.service(tenant, "customers:write"),
                "{\"timezone\": \"" + timezone + "\"}").status()).isIn(200, 201);
    }

    void send(String type, String subject, String time, Map<String, Object> data) {
        Api.Reply reply = api.postEvents(events, Events.event("e-" + (sequence++), "fixture", type, subject, time, data));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    Map<String, Object> figures(String path) {
        Api.Reply reply = api.get(path, viewer);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> figures = (Map<String, Object>) reply.map().get("figures");
        return figures;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> figure(Map<String, Object> figures, String key) {
        return (Map<String, Object>) figures.get(key);
    }

    static Map<String, Object> expected(Object value, Object previous, Object growth) {
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("value", value);
        figure.put("previous", previous);
        figure.put("growth_pct", growth);
        return figure;
    }

    /** A query's values per bucket, for an ungrouped meter. */
    @SuppressWarnings("unchecked")
    List<Object> series(String body) {
        Api.Reply reply = api.post("/api/v1/analytics/query", viewer, "application/json", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<Map<String, Object>> groups = (List<Map<String, Object>>) reply.map().get("groups");
        return (List<Object>) groups.getFirst().get("values");
    }

    @Nested
    class TaipeiAcrossUtcMidnight {

        @BeforeEach
        void load() {
            customer("taipei", "Asia/Taipei");
            // Taipei is UTC+8: local midnight is 16:00 UTC.
            send("api.call", "taipei", "2026-11-10T15:30:00Z", Map.of());   // Nov 10, 23:30 local
            send("api.call", "taipei", "2026-11-10T16:30:00Z", Map.of());   // Nov 11, 00:30 local
            send("api.call", "taipei", "2026-11-11T15:59:59Z", Map.of());   // Nov 11, 23:59:59 local
            send("api.call", "taipei", "2026-11-11T16:00:00Z", Map.of());   // Nov 12, 00:00 local
            send("api.call", "taipei", "2026-11-11T20:00:00Z", Map.of());   // Nov 12, 04:00 local
        }

        @Test
        void daysAreCutAtTaipeiMidnight() {
            Map<String, Object> figures = figures("/api/v1/customers/taipei/usage/summary?from=2026-11-11&to=2026-11-11");

            // Nov 11 local: 16:30Z Nov 10 and 15:59:59Z Nov 11; the day before: 15:30Z Nov 10. (2 − 1) ÷ 1 = 100 %.
            assertThat(figure(figures, "api_calls_made")).isEqualTo(expected(2, 1, 100.00));
        }

        @Test
        void theSameDayInUtcHoldsOtherEvents() {
            Map<String, Object> figures = figures("/api/v1/customers/taipei/usage/summary?from=2026-11-11&to=2026-11-11&tz=UTC");

            // Nov 11 UTC: 15:59:59, 16:00 and 20:00; Nov 10 UTC: 15:30 and 16:30.
            assertThat(figure(figures, "api_calls_made")).isEqualTo(expected(3, 2, 50.00));
        }

        @Test
        void aDailySeriesHasEveryLocalDay() {
            assertThat(series("{\"meter\": \"api_calls_made\", \"customer\": \"taipei\", \"from\": \"2026-11-09\", \"to\": \"2026-11-13\"}"))
                    .containsExactly(0, 1, 2, 2, 0);
        }
    }

    @Nested
    class NewYorkAcrossDaylightSaving {

        @BeforeEach
        void load() {
            customer("ny", "America/New_York");
            // 2026-03-08 (EST -05:00 to EDT -04:00) runs from 05:00Z to 04:00Z the next day: 23 hours.
            send("call", "ny", "2026-03-08T04:30:00Z", Map.of());   // Mar 7, 23:30 EST
            send("call", "ny", "2026-03-08T05:00:00Z", Map.of());   // Mar 8, 00:00 EST
            send("call", "ny", "2026-03-09T03:59:59Z", Map.of());   // Mar 8, 23:59:59 EDT
            send("call", "ny", "2026-03-09T04:00:00Z", Map.of());   // Mar 9, 00:00 EDT
            // 2026-11-01 (EDT to EST) runs from 04:00Z to 05:00Z the next day: 25 hours.
            send("call", "ny", "2026-11-01T03:59:59Z", Map.of());   // Oct 31, 23:59:59 EDT
            send("call", "ny", "2026-11-01T04:00:00Z", Map.of());   // Nov 1, 00:00 EDT
            send("call", "ny", "2026-11-02T04:30:00Z", Map.of());   // Nov 1, 23:30 EST
            send("call", "ny", "2026-11-02T05:00:00Z", Map.of());   // Nov 2, 00:00 EST
        }

        @Test
        void theSpringForwardDayHoldsItsTwentyThreeHours() {
            assertThat(series("{\"meter\": \"calls\", \"customer\": \"ny\", \"from\": \"2026-03-07\", \"to\": \"2026-03-09\"}"))
                    .containsExactly(1, 2, 1);
        }

        @Test
        void theFallBackDayHoldsItsTwentyFiveHours() {
            assertThat(series("{\"meter\": \"calls\", \"customer\": \"ny\", \"from\": \"2026-10-31\", \"to\": \"2026-11-02\"}"))
                    .containsExactly(1, 2, 1);
        }

        @Test
        void hourlyBucketsOfTheFallBackDayAreTwentyFive() {
            List<Object> hours = series("{\"meter\": \"calls\", \"customer\": \"ny\", \"from\": \"2026-11-01\", \"to\": \"2026-11-01\", \"bucket\": \"hour\"}");

            // 00:00 EDT is the first hour; 23:30 EST falls in the 25th (04:00Z-05:00Z on Nov 2).
            assertThat(hours).hasSize(25);
            List<Object> expected = new ArrayList<>(Collections.nCopies(25, (Object) 0));
            expected.set(0, 1);
            expected.set(24, 1);
            assertThat(hours).isEqualTo(expected);
        }

        @Test
        void theActivityReportCountsLocalDays() {
            Map<String, Object> activity = api.get("/api/v1/customers/ny/activity?from=2026-03-07&to=2026-03-09", viewer).map();

            assertThat(activity.get("daily")).isEqualTo(List.of(Map.of("date", "2026-03-07", "calls", 1),
                    Map.of("date", "2026-03-08", "calls", 2), Map.of("date", "2026-03-09", "calls", 1)));
        }
    }

    @Nested
    class Sessions {

        @BeforeEach
        void load() {
            customer("s", "UTC");
            send("session", "s", "2026-11-19T23:30:00Z", Map.of("duration_s", 7200));  // E: until 01:30 on Nov 20
            send("session", "s", "2026-11-20T00:30:00Z", Map.of("duration_s", 1800));  // F: 00:30-01:00, with E: 2
            send("session", "s", "2026-11-20T10:00:00Z", Map.of("duration_s", 3600));  // A: 10:00-11:00
            send("session", "s", "2026-11-20T10:10:00Z", Map.of("duration_s", 1200));  // B: 10:10-10:30
            send("session", "s", "2026-11-20T10:20:00Z", Map.of("duration_s", 1200));  // C: 10:20-10:40, A+B+C: 3
            send("session", "s", "2026-11-20T11:00:00Z", Map.of("duration_s", 600));   // D: starts as A ends: not a 4th
        }

        @Test
        void countMinutesAndPeak() {
            Map<String, Object> figures = figures("/api/v1/customers/s/usage/summary?from=2026-11-20&to=2026-11-20");

            // Nov 20: F, A, B, C, D start = 5; (1800 + 3600 + 1200 + 1200 + 600) ÷ 60 = 140.00 minutes.
            // Nov 19: E only, 7200 ÷ 60 = 120.00 minutes, peak 1. Growth: 400 %, 16.67 %, 200 %.
            assertThat(figure(figures, "sessions")).isEqualTo(expected(5, 1, 400.00));
            assertThat(figure(figures, "session_minutes")).isEqualTo(expected(140.00, 120.00, 16.67));
            assertThat(figure(figures, "concurrent_sessions_peak")).isEqualTo(expected(3, 1, 200.00));
        }

        @Test
        void aSessionThatBeganTheDayBeforeStillCountsInTheDailyPeaks() {
            // Nov 19: E alone; Nov 20: A+B+C; Nov 21: nothing.
            assertThat(series("{\"meter\": \"concurrent_sessions_peak\", \"customer\": \"s\", \"from\": \"2026-11-19\", \"to\": \"2026-11-21\"}"))
                    .containsExactly(1, 3, 0);
            // The first hour of Nov 20 has E and F together.
            assertThat(series("{\"meter\": \"concurrent_sessions_peak\", \"customer\": \"s\", \"from\": \"2026-11-20\", \"to\": \"2026-11-20\", \"bucket\": \"hour\"}")
                    .subList(0, 3)).containsExactly(2, 1, 0);
        }
    }

    @Nested
    class CallsInTwoCurrencies {

        @BeforeEach
        void load() {
            customer("calls", "UTC");
            send("call", "calls", "2026-11-20T09:00:00Z", Map.of("outcome", "completed", "agent", "ana", "duration_s", 120, "cost", 0.40, "currency", "USD"));
            send("call", "calls", "2026-11-20T09:10:00Z", Map.of("outcome", "completed", "agent", "ana", "duration_s", 60, "cost", 0.20, "currency", "USD"));
            send("call", "calls", "2026-11-20T09:20:00Z", Map.of("outcome", "failed", "agent", "ben", "duration_s", 10, "cost", 0.0125, "currency", "USD"));
            send("call", "calls", "2026-11-20T09:30:00Z", Map.of("outcome", "completed", "agent", "ben", "duration_s", 200, "cost", 0.75, "currency", "EUR"));
            send("call", "calls", "2026-11-20T09:40:00Z", Map.of("outcome", "busy", "agent", "ana", "duration_s", 0, "cost", 0, "currency", "USD"));
            send("call", "calls", "2026-11-20T09:50:00Z", Map.of("outcome", "voicemail", "duration_s", 30, "cost", 0.05, "currency", "EUR"));
        }

        @Test
        void theActivityFigures() {
            Map<String, Object> activity = api.get("/api/v1/customers/calls/activity?from=2026-11-20&to=2026-11-21", viewer).map();

            // 6 calls, 3 completed: 50.00 %; mean duration (120 + 60 + 10 + 200 + 0 + 30) ÷ 6 = 70.00 s.
            assertThat(activity).containsEntry("total_calls", 6).containsEntry("completed_calls", 3)
                    .containsEntry("success_rate", 50.00).containsEntry("average_duration_s", 70.00);
            // EUR 0.75 + 0.05 = 0.80; USD 0.40 + 0.20 + 0.0125 + 0 = 0.6125 (kept exact).
            assertThat(activity.get("total_cost")).isEqualTo(List.of(Map.of("amount", "0.80", "currency", "EUR"),
                    Map.of("amount", "0.6125", "currency", "USD")));
            assertThat(activity.get("calls_by_outcome")).isEqualTo(Map.of("busy", 1, "completed", 3, "failed", 1, "voicemail", 1));
            // ana: 3 calls, 2 completed (66.67 %); ben: 2, 1 (50.00 %); the call without agent: 1, 0 (0.00 %).
            assertThat(activity.get("agents")).isEqualTo(List.of(
                    Map.of("agent", "ana", "calls", 3, "completed", 2, "success_rate", 66.67),
                    Map.of("agent", "ben", "calls", 2, "completed", 1, "success_rate", 50.00),
                    Map.of("agent", "(none)", "calls", 1, "completed", 0, "success_rate", 0.00)));
            assertThat(activity.get("daily")).isEqualTo(List.of(Map.of("date", "2026-11-20", "calls", 6), Map.of("date", "2026-11-21", "calls", 0)));
        }
    }

    @Nested
    class ExportsStorageAndTranscriptions {

        @BeforeEach
        void load() {
            customer("x", "UTC");
            send("export.generated", "x", "2026-11-20T08:00:00Z", Map.of("format", "csv"));
            send("export.generated", "x", "2026-11-20T09:00:00Z", Map.of("format", "csv"));
            send("export.generated", "x", "2026-11-20T10:00:00Z", Map.of("format", "pdf"));
            send("export.generated", "x", "2026-11-19T10:00:00Z", Map.of("format", "pdf"));
            send("export.generated", "x", "2026-11-19T11:00:00Z", Map.of("format", "json"));
            send("storage.snapshot", "x", "2026-11-19T10:00:00Z", Map.of("bytes", 100_000_000));
            send("storage.snapshot", "x", "2026-11-20T08:00:00Z", Map.of("bytes", 250_000_000));
            send("storage.snapshot", "x", "2026-11-20T23:00:00Z", Map.of("bytes", 240_060_000));
            send("transcription", "x", "2026-11-20T08:00:00Z", Map.of("status", "completed", "minutes", 10.5));
            send("transcription", "x", "2026-11-20T09:00:00Z", Map.of("status", "completed", "minutes", 20.25));
            send("transcription", "x", "2026-11-20T10:00:00Z", Map.of("status", "failed", "minutes", 0));
            send("transcription", "x", "2026-11-19T10:00:00Z", Map.of("status", "failed", "minutes", 0));
        }

        @Test
        void theFigures() {
            Map<String, Object> figures = figures("/api/v1/customers/x/usage/summary?from=2026-11-20&to=2026-11-20");

            assertThat(figure(figures, "exports_generated")).isEqualTo(expected(3, 2, 50.00));
            // json had 1 the day before and none now: shown as 0, growth −100 %.
            assertThat(figure(figures, "exports_by_format")).isEqualTo(expected(Map.of("csv", 2, "json", 0, "pdf", 1),
                    Map.of("csv", 0, "json", 1, "pdf", 1), mapOf("csv", null, "json", -100.00, "pdf", 0.00)));
            // the last snapshot of Nov 20 is 240,060,000 bytes = 240.1 MB (one decimal, half up); Nov 19: 100.0.
            assertThat(figure(figures, "storage_used_mb")).isEqualTo(expected(240.1, 100.0, 140.10));
            assertThat(figure(figures, "transcriptions")).isEqualTo(expected(3, 1, 200.00));
            assertThat(figure(figures, "failed_transcriptions")).isEqualTo(expected(1, 1, 0.00));
            assertThat(figure(figures, "transcription_minutes")).isEqualTo(expected(30.75, 0, null));
        }

        static Map<String, Object> mapOf(Object... pairs) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < pairs.length; i += 2) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
            return map;
        }
    }

    @Nested
    class AnEmptyPeriod {

        @Test
        void countsAreZeroAndRatesAndLastValuesNull() {
            customer("quiet", "Europe/Berlin");

            Map<String, Object> figures = figures("/api/v1/customers/quiet/usage/summary?days=30");
            Map<String, Object> activity = api.get("/api/v1/customers/quiet/activity?days=7", viewer).map();

            assertThat(figure(figures, "api_calls_made")).isEqualTo(expected(0, 0, null));
            assertThat(figure(figures, "session_minutes")).isEqualTo(expected(0.00, 0.00, null));
            assertThat(figure(figures, "concurrent_sessions_peak")).isEqualTo(expected(0, 0, null));
            assertThat(figure(figures, "storage_used_mb")).isEqualTo(expected(null, null, null));
            assertThat(figure(figures, "exports_by_format")).isEqualTo(expected(Map.of(), Map.of(), Map.of()));
            assertThat(activity).containsEntry("total_calls", 0).containsEntry("completed_calls", 0).containsEntry("success_rate", null)
                    .containsEntry("average_duration_s", null).containsEntry("total_cost", List.of())
                    .containsEntry("calls_by_outcome", Map.of()).containsEntry("agents", List.of());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> daily = (List<Map<String, Object>>) activity.get("daily");
            assertThat(daily).hasSize(7).allSatisfy(day -> assertThat(day).containsEntry("calls", 0));
        }
    }

    @Nested
    class TenantWide {

        @BeforeEach
        void load() {
            customer("a", "UTC");
            customer("b", "Asia/Tokyo");
            customer("c", "UTC");
            for (int i = 0; i < 3; i++) {
                send("api.call", "a", "2026-11-20T1" + i + ":00:00Z", Map.of());
            }
            for (int i = 0; i < 5; i++) {
                send("api.call", "b", "2026-11-20T1" + i + ":30:00Z", Map.of());
            }
            send("api.call", "c", "2026-11-20T23:59:59Z", Map.of());
            send("api.call", "c", "2026-11-21T00:00:00Z", Map.of());
            send("storage.snapshot", "a", "2026-11-20T01:00:00Z", Map.of("bytes", 1_000_000));
            send("storage.snapshot", "a", "2026-11-20T02:00:00Z", Map.of("bytes", 3_000_000));
            send("storage.snapshot", "b", "2026-11-20T03:00:00Z", Map.of("bytes", 5_500_000));
            send("session", "a", "2026-11-20T10:00:00Z", Map.of("duration_s", 600));
            send("session", "b", "2026-11-20T10:05:00Z", Map.of("duration_s", 600));
        }

        @Test
        void theTenantsFiguresAddUpItsCustomersInTheTenantsTimezone() {
            Api.Reply reply = api.get("/api/v1/usage/summary?from=2026-11-20&to=2026-11-20", viewer);
            @SuppressWarnings("unchecked")
            Map<String, Object> figures = (Map<String, Object>) reply.map().get("figures");

            // The tenant's timezone is UTC: a 3, b 5, c 1 (23:59:59; its 00:00 call is Nov 21).
            assertThat(figure(figures, "api_calls_made")).isEqualTo(expected(9, 0, null));
            // Each customer's last snapshot, added: a 3,000,000 + b 5,500,000 bytes = 8.5 MB.
            assertThat(figure(figures, "storage_used_mb")).isEqualTo(expected(8.5, null, null));
            // a's and b's sessions overlap from 10:05 to 10:10.
            assertThat(figure(figures, "concurrent_sessions_peak")).isEqualTo(expected(2, 0, null));
            assertThat(reply.map().get("top_customers")).isEqualTo(List.of(
                    Map.of("external_id", "b", "display_name", "b", "api_calls", 5),
                    Map.of("external_id", "a", "display_name", "a", "api_calls", 3),
                    Map.of("external_id", "c", "display_name", "c", "api_calls", 1)));
        }

        @Test
        void aCustomerScopedTokenGetsNoTenantWideFigures() {
            Api.Reply reply = api.get("/api/v1/usage/summary?days=7", Tokens.customerUser(tenant, List.of("a"), "viewer"));

            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.map()).containsEntry("detail", "tenant-wide figures need a token that is not limited to customers");
        }

        @Test
        void aCustomerScopedTokenReadsItsOwnCustomerOnly() {
            String scoped = Tokens.customerUser(tenant, List.of("a"), "viewer");

            assertThat(api.get("/api/v1/customers/a/usage/summary?from=2026-11-20&to=2026-11-20", scoped).status()).isEqualTo(200);
            assertThat(api.get("/api/v1/customers/b/usage/summary?from=2026-11-20&to=2026-11-20", scoped).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/customers/b/activity", scoped).status()).isEqualTo(404);
        }
    }
}
