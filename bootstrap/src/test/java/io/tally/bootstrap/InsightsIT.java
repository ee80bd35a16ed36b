package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Insights through the real server: a customer's daily calls with a rising trend and a Sunday dip, read back as the same
 * series the query API gives, with the trend, the weekly cycle and the forecast; the current day left out; customer-scoped
 * tokens only for their own customers.
 */
@MicronautTest(transactional = false)
class InsightsIT extends ApiTestSupport {

    static final LocalDate TODAY = TestClock.today(ZoneOffset.UTC);

    /** Calls of the customer on a day: 20 sixty days ago, one more every 3 days since, and 16 fewer on Sundays. */
    static int calls(LocalDate day) {
        return 20 + (int) ChronoUnit.DAYS.between(TODAY.minusDays(60), day) / 3 - (day.getDayOfWeek() == DayOfWeek.SUNDAY ? 16 : 0);
    }

    void load(String customer) {
        Api.Reply profile = api.put("/internal/v1/customers/" + customer, Tokens.service(tenant, "customers:write"), "{\"timezone\": \"UTC\"}");
        assertThat(profile.status()).as(profile.body()).isIn(200, 201);
        List<Map<String, Object>> events = new ArrayList<>();
        for (int d = 60; d >= 1; d--) {
            LocalDate day = TODAY.minusDays(d);
            for (int i = 0; i < calls(day); i++) {
                events.add(Events.event(customer + "-" + day + "-" + i, "calls", "call", customer, day.atTime(9, i % 60).toInstant(ZoneOffset.UTC).toString(),
                        Map.of("outcome", "completed")));
            }
        }
        for (int from = 0; from < events.size(); from += 500) {
            Api.Reply sent = api.postEvents(Tokens.service(tenant, "events:write"), events.subList(from, Math.min(events.size(), from + 500)));
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCustomersCallsRiseWithASundayDipAndTheSeriesIsTheQueryApisOwn() {
        load("riser");
        String viewer = Tokens.user(tenant, "viewer");

        Api.Reply reply = api.get("/api/v1/insights?metric=calls&customer=riser&days=56&horizon=7", viewer);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Map<String, Object> insights = reply.map();
        assertThat((Map<String, Object>) insights.get("period")).containsEntry("from", TODAY.minusDays(56).toString())
                .containsEntry("to", TODAY.minusDays(1).toString());
        assertThat(((Map<String, Object>) insights.get("left_out")).get("start")).isEqualTo(TODAY.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        List<Map<String, Object>> series = (List<Map<String, Object>>) insights.get("series");
        assertThat(series).hasSize(56);
        for (int i = 0; i < 56; i++) {
            assertThat(((Number) series.get(i).get("value")).intValue()).as("day %d", i).isEqualTo(calls(TODAY.minusDays(56 - i)));
        }
        Api.Reply query = api.post("/api/v1/analytics/query", viewer, "application/json", "{\"metric\": \"calls\", \"customer\": \"riser\", \"from\": \""
                + TODAY.minusDays(56) + "\", \"to\": \"" + TODAY.minusDays(1) + "\", \"bucket\": \"day\"}");
        assertThat(query.status()).as(query.body()).isEqualTo(200);
        assertThat(query.body()).contains("\"value\":" + series.stream().mapToInt(point -> ((Number) point.get("value")).intValue()).sum());

        Map<String, Object> seasonality = (Map<String, Object>) insights.get("seasonality");
        assertThat(seasonality).containsEntry("weekly", true).containsEntry("trough", "sunday");
        Map<String, Object> forecast = (Map<String, Object>) insights.get("forecast");
        assertThat(forecast).containsEntry("method", "holt_winters_additive_weekly");
        List<Map<String, Object>> points = (List<Map<String, Object>>) forecast.get("points");
        assertThat(points).hasSize(7);
        LocalDate sunday = TODAY.with(java.time.temporal.TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
        int sundayStep = (int) (sunday.toEpochDay() - TODAY.toEpochDay()) + 1;
        assertThat(((Number) points.get(sundayStep - 1).get("value")).doubleValue()).as("the Sunday ahead dips").isLessThan(((Number) points.get(sundayStep == 1 ? 1 : 0).get("value")).doubleValue() - 10);
        assertThat((Map<String, Object>) insights.get("backtest")).containsEntry("held_out", 7);
        assertThat((List<?>) insights.get("anomalies")).as("the Sunday dips are the pattern, not anomalies").isEmpty();
    }

    @Test
    void customerScopedTokensReadTheirOwnCustomersOnlyAndBadQuestionsAreNamed() {
        load("own");
        Api.Reply other = api.put("/internal/v1/customers/other", Tokens.service(tenant, "customers:write"), "{\"timezone\": \"UTC\"}");
        assertThat(other.status()).isIn(200, 201);
        String scoped = Tokens.customerUser(tenant, List.of("own"), "viewer");
        assertThat(api.get("/api/v1/insights?metric=calls&customer=own&days=28", scoped).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/insights?metric=calls&customer=other&days=28", scoped).status())
                .as("another customer looks exactly like one that does not exist").isEqualTo(404);
        assertThat(api.get("/api/v1/insights?metric=calls&days=28", scoped).status()).as("the tenant's figures").isEqualTo(403);
        String viewer = Tokens.user(tenant, "viewer");
        Api.Reply tenantWide = api.get("/api/v1/insights?metric=calls&days=28&bucket=week&horizon=2", viewer);
        assertThat(tenantWide.status()).as(tenantWide.body()).isEqualTo(200);
        Api.Reply year = api.get("/api/v1/insights?metric=calls&customer=own&days=365&bucket=week&horizon=4", viewer);
        assertThat(year.status()).as("the whole weeks within 365 days: " + year.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/insights?metric=calls&days=365&bucket=month&horizon=2", viewer).status()).isEqualTo(200);
        Api.Reply noMonth = api.get("/api/v1/insights?metric=calls&days=20&bucket=month", viewer);
        assertThat(noMonth.status()).isEqualTo(400);
        assertThat(noMonth.errors().getFirst()).containsEntry("field", "days");
        Api.Reply missing = api.get("/api/v1/insights?days=28", viewer);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errors().getFirst()).containsEntry("field", "metric");
        Api.Reply short_ = api.get("/api/v1/insights?metric=calls&days=7", viewer);
        assertThat(short_.status()).isEqualTo(400);
        assertThat(short_.errors().getFirst()).containsEntry("field", "days");
        assertThat(api.get("/api/v1/insights?metric=no_such_metric&days=28", viewer).status()).isEqualTo(400);
    }
}
