package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Targets through the real server: a customer's calls, about 10 a day (a seeded normal noise of sd 3) with every fifth
 * call failed, over the 60 finished days before the test clock's today. Each status comes from a fixture whose answer
 * is known by hand: a target the finished days already meet is on track (the days left can only add), 10 calls for
 * today against a daily mean of 10 is at risk, and a success rate of 99 % against 80 % is off track.
 */
@MicronautTest(transactional = false)
class TargetsIT extends ApiTestSupport {

    static final LocalDate TODAY = TestClock.today(ZoneOffset.UTC);
    static final String JSON = "application/json";

    /** The customer's calls per day, oldest first, for the 60 days before today. */
    static int[] calls() {
        Random noise = new Random(42);
        int[] calls = new int[60];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = Math.max(0, (int) Math.round(10 + 3 * noise.nextGaussian()));
        }
        return calls;
    }

    static LocalDate day(int index) {
        return TODAY.minusDays(60 - index);
    }

    void load(String customer) {
        Api.Reply profile = api.put("/internal/v1/customers/" + customer, Tokens.service(tenant, "customers:write"), "{\"timezone\": \"UTC\"}");
        assertThat(profile.status()).as(profile.body()).isIn(200, 201);
        int[] calls = calls();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int d = 0; d < calls.length; d++) {
            for (int i = 0; i < calls[d]; i++) {
                events.add(Events.event(customer + "-" + d + "-" + i, "calls", "call", customer, day(d).atTime(9, i % 60).toInstant(ZoneOffset.UTC).toString(),
                        Map.of("outcome", i % 5 == 4 ? "failed" : "completed")));
            }
        }
        for (int from = 0; from < events.size(); from += 500) {
            Api.Reply sent = api.postEvents(Tokens.service(tenant, "events:write"), events.subList(from, Math.min(events.size(), from + 500)));
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        }
    }

    /** The finished days' calls of the period that starts on {@code start}. */
    static int callsSince(LocalDate start) {
        int[] calls = calls();
        int sum = 0;
        for (int d = 0; d < calls.length; d++) {
            if (!day(d).isBefore(start)) {
                sum += calls[d];
            }
        }
        return sum;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> byPeriod(Map<String, Object> answer) {
        Map<String, Map<String, Object>> byPeriod = new LinkedHashMap<>();
        for (Map<String, Object> target : (List<Map<String, Object>>) answer.get("targets")) {
            byPeriod.put(target.get("period") + "/" + target.get("comparison"), target);
        }
        return byPeriod;
    }

    @Test
    @SuppressWarnings("unchecked")
    void onTrackAtRiskAndOffTrackComeFromWhereTheTargetLiesAgainstTheProjection() {
        load("steady");
        String manager = Tokens.user(tenant, "manager");
        LocalDate weekStart = TODAY.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
        int weekSoFar = callsSince(weekStart);

        Api.Reply calls = api.put("/api/v1/metrics/calls/targets", manager, "{\"targets\": ["
                + "{\"customer\": \"steady\", \"period\": \"week\", \"comparison\": \"at_least\", \"value\": " + weekSoFar + "},"
                + "{\"customer\": \"steady\", \"period\": \"day\", \"comparison\": \"at_least\", \"value\": 10}]}");
        assertThat(calls.status()).as(calls.body()).isEqualTo(200);
        Api.Reply rate = api.put("/api/v1/metrics/success_rate/targets", manager, "{\"targets\": ["
                + "{\"customer\": \"steady\", \"period\": \"week\", \"comparison\": \"at_least\", \"value\": 99},"
                + "{\"customer\": \"steady\", \"period\": \"month\", \"comparison\": \"at_most\", \"value\": 95}]}");
        assertThat(rate.status()).as(rate.body()).isEqualTo(200);

        Map<String, Map<String, Object>> callTargets = byPeriod(api.get("/api/v1/metrics/calls/targets", Tokens.user(tenant, "viewer")).map());
        Map<String, Object> week = (Map<String, Object>) callTargets.get("week/at_least").get("current");
        assertThat(week).containsEntry("period_start", weekStart.toString()).containsEntry("period_end", weekStart.plusWeeks(1).toString())
                .containsEntry("days_left", (int) ChronoUnit.DAYS.between(TODAY, weekStart.plusWeeks(1)))
                .containsEntry("status", "on_track");
        assertThat(((Number) week.get("so_far")).intValue()).as("the finished days of this week").isEqualTo(weekSoFar);
        // the projection adds about 10 a day for the days left (today included)
        assertThat(((Number) week.get("projected")).doubleValue()).isCloseTo(weekSoFar + 10.0 * ((Number) week.get("days_left")).intValue(),
                within(3.0 * ((Number) week.get("days_left")).intValue()));
        Map<String, Object> day = (Map<String, Object>) callTargets.get("day/at_least").get("current");
        assertThat(day).containsEntry("so_far", 0).containsEntry("days_left", 1).containsEntry("status", "at_risk");
        List<Number> interval = (List<Number>) day.get("interval_80");
        assertThat(interval.get(0).doubleValue()).isLessThan(10).isGreaterThan(2);
        assertThat(interval.get(1).doubleValue()).isGreaterThan(10).isLessThan(18);

        Map<String, Map<String, Object>> rateTargets = byPeriod(rate.map());
        Map<String, Object> share = (Map<String, Object>) rateTargets.get("week/at_least").get("current");
        assertThat(share).containsEntry("status", "off_track");
        int weekCalls = callsSince(weekStart);
        if (weekCalls > 0) {
            int completed = 0;
            int[] all = calls();
            for (int d = 0; d < all.length; d++) {
                if (!day(d).isBefore(weekStart)) {
                    completed += all[d] - all[d] / 5;
                }
            }
            assertThat(((Number) share.get("so_far")).doubleValue()).as("the finished days' completed calls over calls")
                    .isCloseTo(100.0 * completed / weekCalls, within(0.0001));
        }
        // the rest of the week at about four in five, weighed with the days so far
        assertThat(((Number) share.get("projected")).doubleValue()).isBetween(74.0, 90.0);
        assertThat(((Number) ((List<?>) share.get("interval_80")).get(1)).doubleValue()).isLessThan(99.0);
        assertThat((Map<String, Object>) rateTargets.get("month/at_most").get("current")).containsEntry("status", "on_track");

        // insights of the figure carry its targets and the least favourable status
        Api.Reply insights = api.get("/api/v1/insights?metric=calls&customer=steady&days=56", Tokens.user(tenant, "viewer"));
        assertThat(insights.status()).as(insights.body()).isEqualTo(200);
        assertThat(insights.map()).containsEntry("target_status", "at_risk");
        assertThat((List<?>) insights.map().get("targets")).hasSize(2);
        Api.Reply tenantWide = api.get("/api/v1/insights?metric=calls&days=56", Tokens.user(tenant, "viewer"));
        assertThat(tenantWide.map()).as("the customer's targets are not the tenant's").containsEntry("target_status", null);

        // a dashboard card of the customer's calls shows them too
        Api.Reply board = api.post("/api/v1/dashboards", manager, JSON, "{\"name\": \"Targets\", \"visibility\": \"tenant\", \"widgets\": ["
                + "{\"id\": \"calls\", \"title\": \"Calls\", \"type\": \"metric_card\", \"position\": {\"x\": 0, \"y\": 0, \"w\": 3, \"h\": 2},"
                + " \"query\": {\"metric\": \"calls\", \"customer\": \"steady\", \"period\": \"last_7_days\", \"tz\": \"UTC\"}},"
                + "{\"id\": \"rate\", \"title\": \"Success\", \"type\": \"gauge\", \"position\": {\"x\": 3, \"y\": 0, \"w\": 3, \"h\": 2},"
                + " \"query\": {\"metric\": \"success_rate\", \"customer\": \"steady\", \"period\": \"last_7_days\", \"tz\": \"UTC\"}}]}");
        assertThat(board.status()).as(board.body()).isEqualTo(201);
        Api.Reply data = api.get("/api/v1/dashboards/" + board.map().get("id") + "/data", Tokens.user(tenant, "viewer"));
        assertThat(data.status()).as(data.body()).isEqualTo(200);
        List<Map<String, Object>> widgets = (List<Map<String, Object>>) data.map().get("widgets");
        assertThat(widgets.get(0)).containsEntry("target_status", "at_risk");
        assertThat((List<?>) widgets.get(0).get("targets")).hasSize(2);
        assertThat(widgets.get(1)).containsEntry("target_status", "off_track");

        Api.Reply audit = api.get("/api/v1/admin/audit?action=metric.targets_changed", Tokens.user(tenant, "admin"));
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.body()).contains("metric:calls", "metric:success_rate");

        // [] removes them
        Api.Reply none = api.put("/api/v1/metrics/calls/targets", manager, "{\"targets\": []}");
        assertThat(none.status()).isEqualTo(200);
        assertThat((List<?>) none.map().get("targets")).isEmpty();
    }

    @Test
    void badTargetsAreNamedAndRolesAndCustomersAreEnforced() {
        load("own");
        Api.Reply other = api.put("/internal/v1/customers/other", Tokens.service(tenant, "customers:write"), "{\"timezone\": \"UTC\"}");
        assertThat(other.status()).isIn(200, 201);
        String manager = Tokens.user(tenant, "manager");
        String month = "{\"targets\": [{\"period\": \"month\", \"comparison\": \"at_least\", \"value\": 100}]}";

        assertThat(api.put("/api/v1/metrics/calls/targets", Tokens.user(tenant, "viewer"), month).status()).isEqualTo(403);
        Api.Reply average = api.put("/api/v1/metrics/call_duration_avg_s/targets", manager, month);
        assertThat(average.status()).as("an average can't be projected to a period's end").isEqualTo(422);
        assertThat(average.body()).contains("averages");
        Api.Reply money = api.put("/api/v1/metrics/mrr/targets", manager, month);
        assertThat(money.status()).isEqualTo(400);
        assertThat(money.errors().getFirst()).containsEntry("field", "targets[0].currency");
        assertThat(api.put("/api/v1/metrics/mrr/targets", manager,
                "{\"targets\": [{\"period\": \"month\", \"comparison\": \"at_least\", \"value\": 100, \"currency\": \"EUR\"}]}").status()).isEqualTo(200);
        Api.Reply period = api.put("/api/v1/metrics/calls/targets", manager, "{\"targets\": [{\"period\": \"year\", \"comparison\": \"at_least\", \"value\": 1}]}");
        assertThat(period.status()).isEqualTo(400);
        assertThat(period.errors().getFirst()).containsEntry("field", "targets[0].period");
        Api.Reply twice = api.put("/api/v1/metrics/calls/targets", manager, "{\"targets\": [" + month.substring(13, month.length() - 2) + ", "
                + month.substring(13, month.length() - 2) + "]}");
        assertThat(twice.status()).as(twice.body()).isEqualTo(400);
        assertThat(api.put("/api/v1/metrics/calls/targets", manager,
                "{\"targets\": [{\"customer\": \"nobody\", \"period\": \"month\", \"comparison\": \"at_least\", \"value\": 1}]}").status()).isEqualTo(404);
        assertThat(api.put("/api/v1/metrics/no_such/targets", manager, month).status()).isEqualTo(404);

        // a customer-scoped manager sets and sees its own customers' targets only
        Api.Reply tenantTarget = api.put("/api/v1/metrics/calls/targets", manager, "{\"targets\": [{\"period\": \"month\", \"comparison\": \"at_least\", "
                + "\"value\": 100}, {\"customer\": \"other\", \"period\": \"month\", \"comparison\": \"at_least\", \"value\": 5}]}");
        assertThat(tenantTarget.status()).isEqualTo(200);
        String scoped = Tokens.customerUser(tenant, List.of("own"), "manager");
        assertThat(api.put("/api/v1/metrics/calls/targets", scoped,
                "{\"targets\": [{\"customer\": \"other\", \"period\": \"month\", \"comparison\": \"at_least\", \"value\": 1}]}").status()).isEqualTo(404);
        Api.Reply own = api.put("/api/v1/metrics/calls/targets", scoped,
                "{\"targets\": [{\"customer\": \"own\", \"period\": \"week\", \"comparison\": \"at_least\", \"value\": 1}]}");
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.body()).contains("\"own\"").doesNotContain("\"other\"");
        Api.Reply all = api.get("/api/v1/metrics/calls/targets", manager);
        assertThat(byPeriod(all.map()).keySet()).as("the others' targets are kept").hasSize(2);
        assertThat(all.body()).contains("\"own\"", "\"other\"");
    }
}
