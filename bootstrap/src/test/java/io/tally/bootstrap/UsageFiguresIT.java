package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
 *
 * <p>The fixtures are placed relative to the test clock: {@link #DAY} is the day ten days ago (UTC), so everything
 * up to two days after it has happened and lies well inside the 400-day late-arrival window; the daylight-saving
 * fixtures use New York's latest clock changes.
 */
@MicronautTest(transactional = false)
class UsageFiguresIT extends ApiTestSupport {

    static final LocalDate DAY = TestClock.today(ZoneOffset.UTC).minusDays(10);
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

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

    /** An RFC 3339 UTC time on a day: {@code at(DAY, "15:30:00")}. */
    static String at(LocalDate day, String time) {
        return day + "T" + time + "Z";
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
            // Taipei is UTC+8 (no daylight saving): local midnight is 16:00 UTC the day before.
            send("api.call", "taipei", at(DAY.minusDays(1), "15:30:00"), Map.of());   // the day before, 23:30 local
            send("api.call", "taipei", at(DAY.minusDays(1), "16:30:00"), Map.of());   // the day, 00:30 local
            send("api.call", "taipei", at(DAY, "15:59:59"), Map.of());                // the day, 23:59:59 local
            send("api.call", "taipei", at(DAY, "16:00:00"), Map.of());                // the day after, 00:00 local
            send("api.call", "taipei", at(DAY, "20:00:00"), Map.of());                // the day after, 04:00 local
        }

        @Test
        void daysAreCutAtTaipeiMidnight() {
            Map<String, Object> figures = figures("/api/v1/customers/taipei/usage/summary?from=" + DAY + "&to=" + DAY);

            // The day in Taipei: 16:30Z the day before and 15:59:59Z; the day before it: 15:30Z. (2 − 1) ÷ 1 = 100 %.
            assertThat(figure(figures, "api_calls_made")).isEqualTo(expected(2, 1, 100.00));
        }

        @Test
        void theSameDayInUtcHoldsOtherEvents() {
            Map<String, Object> figures = figures("/api/v1/customers/taipei/usage/summary?from=" + DAY + "&to=" + DAY + "&tz=UTC");

            // The day in UTC: 15:59:59, 16:00 and 20:00; the day before in UTC: 15:30 and 16:30.
            assertThat(figure(figures, "api_calls_made")).isEqualTo(expected(3, 2, 50.00));
        }

        @Test
        void aDailySeriesHasEveryLocalDay() {
            // Two days before to two days after, in Taipei: none, the 23:30 call, two, two, none.
            assertThat(series("{\"meter\": \"api_calls_made\", \"customer\": \"taipei\", \"from\": \"" + DAY.minusDays(2)
                    + "\", \"to\": \"" + DAY.plusDays(2) + "\"}")).containsExactly(0, 1, 2, 2, 0);
        }
    }

    /**
     * New York's latest spring-forward day S and fall-back day F that are over (their transitions at least two days
     * ago, within the last year and a bit, so inside the late-arrival window). New York changes its clocks at 02:00
     * local time, so S and F are the transitions' local dates; S runs from 00:00 EST (05:00Z) to 00:00 EDT the next
     * day (04:00Z): 23 hours; F from 00:00 EDT (04:00Z) to 00:00 EST the next day (05:00Z): 25 hours.
     */
    @Nested
    class NewYorkAcrossDaylightSaving {

        final LocalDate s = TestClock.lastSpringForward(NEW_YORK, Duration.ofDays(2)).getDateTimeBefore().toLocalDate();
        final LocalDate f = TestClock.lastFallBack(NEW_YORK, Duration.ofDays(2)).getDateTimeBefore().toLocalDate();

        @BeforeEach
        void load() {
            customer("ny", "America/New_York");
            send("call", "ny", at(s, "04:30:00"), Map.of());               // S − 1, 23:30 EST
            send("call", "ny", at(s, "05:00:00"), Map.of());               // S, 00:00 EST
            send("call", "ny", at(s.plusDays(1), "03:59:59"), Map.of());   // S, 23:59:59 EDT
            send("call", "ny", at(s.plusDays(1), "04:00:00"), Map.of());   // S + 1, 00:00 EDT
            send("call", "ny", at(f, "03:59:59"), Map.of());               // F − 1, 23:59:59 EDT
            send("call", "ny", at(f, "04:00:00"), Map.of());               // F, 00:00 EDT
            send("call", "ny", at(f.plusDays(1), "04:30:00"), Map.of());   // F, 23:30 EST
            send("call", "ny", at(f.plusDays(1), "05:00:00"), Map.of());   // F + 1, 00:00 EST
        }

        @Test
        void theSpringForwardDayHoldsItsTwentyThreeHours() {
            assertThat(series("{\"meter\": \"calls\", \"customer\": \"ny\", \"from\": \"" + s.minusDays(1) + "\", \"to\": \""
                    + s.plusDays(1) + "\"}")).containsExactly(1, 2, 1);
        }

        @Test
        void theFallBackDayHoldsItsTwentyFiveHours() {
            assertThat(series("{\"meter\": \"calls\", \"customer\": \"ny\", \"from\": \"" + f.minusDays(1) + "\", \"to\": \""
                    + f.plusDays(1) + "\"}")).containsExactly(1, 2, 1);
        }

        @Test
        void hourlyBucketsOfTheFallBackDayAreTwentyFive() {
            List<Object> hours = series("{\"meter\": \"calls\", \"customer\": \"ny\", \"from\": \"" + f + "\", \"to\": \"" + f
                    + "\", \"bucket\": \"hour\"}");

            // 00:00 EDT is the first hour; 23:30 EST falls in the 25th (04:00Z-05:00Z on F + 1).
            assertThat(hours).hasSize(25);
            List<Object> expected = new ArrayList<>(Collections.nCopies(25, (Object) 0));
            expected.set(0, 1);
            expected.set(24, 1);
            assertThat(hours).isEqualTo(expected);
        }

        @Test
        void theActivityReportCountsLocalDays() {
            Map<String, Object> activity = api.get("/api/v1/customers/ny/activity?from=" + s.minusDays(1) + "&to=" + s.plusDays(1), viewer).map();

            assertThat(activity.get("daily")).isEqualTo(List.of(Map.of("date", s.minusDays(1).toString(), "calls", 1),
                    Map.of("date", s.toString(), "calls", 2), Map.of("date", s.plusDays(1).toString(), "calls", 1)));
        }
    }

    @Nested
    class Sessions {

        @BeforeEach
        void load() {
            customer("s", "UTC");
            send("session", "s", at(DAY.minusDays(1), "23:30:00"), Map.of("duration_s", 7200));  // E: until 01:30 on the day
            send("session", "s", at(DAY, "00:30:00"), Map.of("duration_s", 1800));  // F: 00:30-01:00, with E: 2
            send("session", "s", at(DAY, "10:00:00"), Map.of("duration_s", 3600));  // A: 10:00-11:00
            send("session", "s", at(DAY, "10:10:00"), Map.of("duration_s", 1200));  // B: 10:10-10:30
            send("session", "s", at(DAY, "10:20:00"), Map.of("duration_s", 1200));  // C: 10:20-10:40, A+B+C: 3
            send("session", "s", at(DAY, "11:00:00"), Map.of("duration_s", 600));   // D: starts as A ends: not a 4th
        }

        @Test
        void countMinutesAndPeak() {
            Map<String, Object> figures = figures("/api/v1/customers/s/usage/summary?from=" + DAY + "&to=" + DAY);

            // The day: F, A, B, C, D start = 5; (1800 + 3600 + 1200 + 1200 + 600) ÷ 60 = 140.00 minutes.
            // The day before: E only, 7200 ÷ 60 = 120.00 minutes, peak 1. Growth: 400 %, 16.67 %, 200 %.
            assertThat(figure(figures, "sessions")).isEqualTo(expected(5, 1, 400.00));
            assertThat(figure(figures, "session_minutes")).isEqualTo(expected(140.00, 120.00, 16.67));
            assertThat(figure(figures, "concurrent_sessions_peak")).isEqualTo(expected(3, 1, 200.00));
        }

        @Test
        void aSessionThatBeganTheDayBeforeStillCountsInTheDailyPeaks() {
            // The day before: E alone; the day: A+B+C; the day after: nothing.
            assertThat(series("{\"meter\": \"concurrent_sessions_peak\", \"customer\": \"s\", \"from\": \"" + DAY.minusDays(1) + "\", \"to\": \""
                    + DAY.plusDays(1) + "\"}")).containsExactly(1, 3, 0);
            // The first hour of the day has E and F together.
            assertThat(series("{\"meter\": \"concurrent_sessions_peak\", \"customer\": \"s\", \"from\": \"" + DAY + "\", \"to\": \"" + DAY
                    + "\", \"bucket\": \"hour\"}").subList(0, 3)).containsExactly(2, 1, 0);
        }
    }

    @Nested
    class CallsInTwoCurrencies {

        @BeforeEach
        void load() {
            customer("calls", "UTC");
            send("call", "calls", at(DAY, "09:00:00"), Map.of("outcome", "completed", "agent", "ana", "duration_s", 120, "cost", 0.40, "currency", "USD"));
            send("call", "calls", at(DAY, "09:10:00"), Map.of("outcome", "completed", "agent", "ana", "duration_s", 60, "cost", 0.20, "currency", "USD"));
            send("call", "calls", at(DAY, "09:20:00"), Map.of("outcome", "failed", "agent", "ben", "duration_s", 10, "cost", 0.0125, "currency", "USD"));
            send("call", "calls", at(DAY, "09:30:00"), Map.of("outcome", "completed", "agent", "ben", "duration_s", 200, "cost", 0.75, "currency", "EUR"));
            send("call", "calls", at(DAY, "09:40:00"), Map.of("outcome", "busy", "agent", "ana", "duration_s", 0, "cost", 0, "currency", "USD"));
            send("call", "calls", at(DAY, "09:50:00"), Map.of("outcome", "voicemail", "duration_s", 30, "cost", 0.05, "currency", "EUR"));
        }

        @Test
        void theActivityFigures() {
            Map<String, Object> activity = api.get("/api/v1/customers/calls/activity?from=" + DAY + "&to=" + DAY.plusDays(1), viewer).map();

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
            assertThat(activity.get("daily")).isEqualTo(List.of(Map.of("date", DAY.toString(), "calls", 6),
                    Map.of("date", DAY.plusDays(1).toString(), "calls", 0)));
        }
    }

    @Nested
    class ExportsStorageAndTranscriptions {

        @BeforeEach
        void load() {
            customer("x", "UTC");
            send("export.generated", "x", at(DAY, "08:00:00"), Map.of("format", "csv"));
            send("export.generated", "x", at(DAY, "09:00:00"), Map.of("format", "csv"));
            send("export.generated", "x", at(DAY, "10:00:00"), Map.of("format", "pdf"));
            send("export.generated", "x", at(DAY.minusDays(1), "10:00:00"), Map.of("format", "pdf"));
            send("export.generated", "x", at(DAY.minusDays(1), "11:00:00"), Map.of("format", "json"));
            send("storage.snapshot", "x", at(DAY.minusDays(1), "10:00:00"), Map.of("bytes", 100_000_000));
            send("storage.snapshot", "x", at(DAY, "08:00:00"), Map.of("bytes", 250_000_000));
            send("storage.snapshot", "x", at(DAY, "23:00:00"), Map.of("bytes", 240_060_000));
            send("transcription", "x", at(DAY, "08:00:00"), Map.of("status", "completed", "minutes", 10.5));
            send("transcription", "x", at(DAY, "09:00:00"), Map.of("status", "completed", "minutes", 20.25));
            send("transcription", "x", at(DAY, "10:00:00"), Map.of("status", "failed", "minutes", 0));
            send("transcription", "x", at(DAY.minusDays(1), "10:00:00"), Map.of("status", "failed", "minutes", 0));
        }

        @Test
        void theFigures() {
            Map<String, Object> figures = figures("/api/v1/customers/x/usage/summary?from=" + DAY + "&to=" + DAY);

            assertThat(figure(figures, "exports_generated")).isEqualTo(expected(3, 2, 50.00));
            // json had 1 the day before and none now: shown as 0, growth −100 %.
            assertThat(figure(figures, "exports_by_format")).isEqualTo(expected(Map.of("csv", 2, "json", 0, "pdf", 1),
                    Map.of("csv", 0, "json", 1, "pdf", 1), mapOf("csv", null, "json", -100.00, "pdf", 0.00)));
            // the day's last snapshot is 240,060,000 bytes = 240.1 MB (one decimal, half up); the day before: 100.0.
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
                send("api.call", "a", at(DAY, "1" + i + ":00:00"), Map.of());
            }
            for (int i = 0; i < 5; i++) {
                send("api.call", "b", at(DAY, "1" + i + ":30:00"), Map.of());
            }
            send("api.call", "c", at(DAY, "23:59:59"), Map.of());
            send("api.call", "c", at(DAY.plusDays(1), "00:00:00"), Map.of());
            send("storage.snapshot", "a", at(DAY, "01:00:00"), Map.of("bytes", 1_000_000));
            send("storage.snapshot", "a", at(DAY, "02:00:00"), Map.of("bytes", 3_000_000));
            send("storage.snapshot", "b", at(DAY, "03:00:00"), Map.of("bytes", 5_500_000));
            send("session", "a", at(DAY, "10:00:00"), Map.of("duration_s", 600));
            send("session", "b", at(DAY, "10:05:00"), Map.of("duration_s", 600));
        }

        @Test
        void theTenantsFiguresAddUpItsCustomersInTheTenantsTimezone() {
            Api.Reply reply = api.get("/api/v1/usage/summary?from=" + DAY + "&to=" + DAY, viewer);
            @SuppressWarnings("unchecked")
            Map<String, Object> figures = (Map<String, Object>) reply.map().get("figures");

            // The tenant's timezone is UTC: a 3, b 5, c 1 (23:59:59; its 00:00 call is on the day after).
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

            assertThat(api.get("/api/v1/customers/a/usage/summary?from=" + DAY + "&to=" + DAY, scoped).status()).isEqualTo(200);
            assertThat(api.get("/api/v1/customers/b/usage/summary?from=" + DAY + "&to=" + DAY, scoped).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/customers/b/activity", scoped).status()).isEqualTo(404);
        }
    }
}
