package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plans, limits, quota checks and usage resets through HTTP. The customer "tokyo" (Asia/Tokyo, UTC+9, no
 * DST) is on plan "basic": 600 transcription minutes per calendar month, hard. Its month starts at local
 * midnight of the 1st, which is 15:00 UTC on the last day of the month before; fixtures are placed around
 * that boundary of the current month, worked out from the test clock (the server's clock) when the test runs.
 */
@MicronautTest(transactional = false)
class PlansAndLimitsIT extends ApiTestSupport {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    String manager;
    String admin;
    String quota;
    int sequence;

    @BeforeEach
    void load() {
        manager = Tokens.user(tenant, "manager");
        admin = Tokens.user(tenant, "admin");
        quota = Tokens.service(tenant, "quota:read");
        Api.Reply plan = api.post("/api/v1/plans", manager, "application/json", api.json(Map.of("key", "basic", "name", "Basic",
                "limits", List.of(Map.of("meter", "transcription_minutes", "amount", 600, "period", "calendar_month", "enforcement", "hard")))));
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        customer("tokyo", "Asia/Tokyo", "basic");
    }

    void customer(String id, String timezone, String plan) {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("timezone", timezone);
        profile.put("plan", plan);
        Api.Reply reply = api.put("/internal/v1/customers/" + id, Tokens.service(tenant, "customers:write"), api.json(profile));
        assertThat(reply.status()).as(reply.body()).isIn(200, 201);
    }

    void transcription(String customer, Instant time, String minutes) {
        Api.Reply reply = api.postEvents(Tokens.service(tenant, "events:write"), Events.event("t-" + (sequence++), "fixture", "transcription",
                customer, time.toString(), Map.of("status", "completed", "minutes", new BigDecimal(minutes))));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    static Instant monthStart() {
        return TestClock.monthStart(0, TOKYO).atStartOfDay(TOKYO).toInstant();
    }

    Map<String, Object> limit(String customer) {
        Api.Reply reply = api.get("/api/v1/customers/" + customer + "/limits", Tokens.user(tenant, "viewer"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> limits = (List<Map<String, Object>>) reply.map().get("limits");
        assertThat(limits).hasSize(1);
        return limits.getFirst();
    }

    Map<String, Object> check(String customer, String amount, boolean reserve) {
        Api.Reply reply = api.post("/internal/v1/quota-checks", quota, "application/json", api.json(Map.of("customer", customer,
                "meter", "transcription_minutes", "amount", new BigDecimal(amount), "reserve", reserve)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.map();
    }

    static BigDecimal number(Object value) {
        return new BigDecimal(value.toString());
    }

    Api.Reply reset(String key, Map<String, Object> body) {
        return api.send(api.request("/api/v1/admin/usage-resets", admin).header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(api.json(body))).build());
    }

    /**
     * 100 minutes one second before the Tokyo month starts (last month there, though the same UTC day), 250 at
     * its first second and 200 an hour ago: 450 used, 150 remaining, 75.00 %.
     */
    @Test
    void aCalendarMonthIsCutAtMidnightInTheCustomersTimezone() {
        Instant start = monthStart();
        transcription("tokyo", start.minusSeconds(1), "100");
        transcription("tokyo", start, "250");
        transcription("tokyo", TestClock.now().minus(1, ChronoUnit.HOURS).isBefore(start) ? start.plusSeconds(1) : TestClock.now().minus(1, ChronoUnit.HOURS), "200");

        Map<String, Object> limit = limit("tokyo");
        assertThat(limit.get("meter")).isEqualTo("transcription_minutes");
        assertThat(Instant.parse(limit.get("period_start").toString())).isEqualTo(start);
        assertThat(Instant.parse(limit.get("period_end").toString())).isEqualTo(start.atZone(TOKYO).plusMonths(1).toInstant());
        assertThat(number(limit.get("used"))).isEqualByComparingTo("450");
        assertThat(number(limit.get("limit"))).isEqualByComparingTo("600");
        assertThat(number(limit.get("remaining"))).isEqualByComparingTo("150");
        assertThat(number(limit.get("percentage"))).isEqualByComparingTo("75.00");
        assertThat(limit.get("last_reset")).isNull();

        Map<String, Object> fits = check("tokyo", "150", false);
        assertThat(fits.get("allowed")).isEqualTo(true);
        assertThat(number(fits.get("remaining"))).isEqualByComparingTo("150");
        assertThat(Instant.parse(fits.get("period_end").toString())).isEqualTo(Instant.parse(limit.get("period_end").toString()));
        assertThat(check("tokyo", "150.5", false).get("allowed")).isEqualTo(false);
        assertThat(number(limit("tokyo").get("used"))).as("a check without reserve records nothing").isEqualByComparingTo("450");
    }

    @Test
    void aUsageResetRestartsTheCountInTheSameWindowAndRevertingItBringsTheUsageBack() {
        Instant start = monthStart();
        transcription("tokyo", TestClock.now().minusSeconds(2).isBefore(start) ? start : TestClock.now().minusSeconds(2), "550");
        assertThat(check("tokyo", "100", false).get("allowed")).isEqualTo(false);

        Api.Reply reset = reset("outage-1", Map.of("customer_ids", List.of("tokyo"), "reset_type", "usage", "reason", "outage 2026-11-20"));
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> outcomes = (List<Map<String, Object>>) reset.map().get("customers");
        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.getFirst()).containsEntry("customer", "tokyo").containsEntry("status", "reset");
        String id = reset.map().get("id").toString();

        Map<String, Object> after = limit("tokyo");
        assertThat(number(after.get("used"))).isEqualByComparingTo("0");
        assertThat(Instant.parse(after.get("period_start").toString())).as("the window stays").isEqualTo(start);
        assertThat(Instant.parse(after.get("counted_from").toString())).isAfter(start);
        @SuppressWarnings("unchecked")
        Map<String, Object> last = (Map<String, Object>) after.get("last_reset");
        assertThat(last).containsEntry("id", id).containsEntry("type", "usage");

        Map<String, Object> reserved = check("tokyo", "100", true);
        assertThat(reserved).containsEntry("allowed", true).containsEntry("reserved", true);
        assertThat(number(reserved.get("remaining"))).isEqualByComparingTo("500");
        assertThat(number(limit("tokyo").get("used"))).isEqualByComparingTo("100");

        Api.Reply reverted = api.delete("/api/v1/admin/usage-resets/" + id, admin);
        assertThat(reverted.status()).as(reverted.body()).isEqualTo(200);
        assertThat(reverted.map().get("reverted_at")).isNotNull();
        Map<String, Object> back = limit("tokyo");
        assertThat(number(back.get("used"))).as("550 before the reset and 100 after").isEqualByComparingTo("650");
        assertThat(back.get("exceeded")).isEqualTo(true);
        assertThat(number(back.get("remaining"))).isEqualByComparingTo("0");
        assertThat(check("tokyo", "1", false).get("allowed")).isEqualTo(false);
        assertThat(api.delete("/api/v1/admin/usage-resets/" + id, admin).status()).as("reverting again changes nothing").isEqualTo(200);
        assertThat(actions("usage.reset.reverted")).isEqualTo(1);
    }

    @Test
    void aPeriodResetStartsANewWindowNow() {
        transcription("tokyo", TestClock.now().minusSeconds(2).isBefore(monthStart()) ? monthStart() : TestClock.now().minusSeconds(2), "590");
        Instant before = TestClock.now().truncatedTo(ChronoUnit.MILLIS);
        Api.Reply reset = reset("migration-1", Map.of("customer_ids", List.of("tokyo"), "reset_type", "period", "reason", "plan migration"));
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);

        Map<String, Object> limit = limit("tokyo");
        Instant start = Instant.parse(limit.get("period_start").toString());
        assertThat(start).isAfterOrEqualTo(before.minusSeconds(1)).isBeforeOrEqualTo(TestClock.now());
        assertThat(Instant.parse(limit.get("period_end").toString())).isEqualTo(start.atZone(TOKYO).plusMonths(1).toInstant());
        assertThat(number(limit.get("used"))).isEqualByComparingTo("0");
        Map<String, Object> check = check("tokyo", "600", false);
        assertThat(check.get("allowed")).isEqualTo(true);
        assertThat(check.get("period_end")).isEqualTo(limit.get("period_end"));
    }

    @Test
    void tenConcurrentReservationsAgainstFiveRemainingAllowExactlyFive() throws Exception {
        transcription("tokyo", TestClock.now().minusSeconds(2).isBefore(monthStart()) ? monthStart() : TestClock.now().minusSeconds(2), "595");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Map<String, Object>>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(pool.submit((Callable<Map<String, Object>>) () -> {
                go.await();
                return check("tokyo", "1", true);
            }));
        }
        go.countDown();
        int allowed = 0;
        for (Future<Map<String, Object>> answer : answers) {
            if (Boolean.TRUE.equals(answer.get().get("allowed"))) {
                allowed++;
            }
        }
        pool.shutdown();
        assertThat(allowed).isEqualTo(5);
        assertThat(number(limit("tokyo").get("used"))).isEqualByComparingTo("600");
        assertThat(number(limit("tokyo").get("remaining"))).isEqualByComparingTo("0");
    }

    @Test
    void aThousandIdsWithTenUnknownResetNineHundredNinety() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection db = TestDb.connect(); PreparedStatement insert = db.prepareStatement("""
                INSERT INTO customer (tenant_id, external_id, plan, status, created_at, updated_at)
                SELECT t.tenant_id, 'bulk-' || g, 'basic', 'active', now(), now() FROM tenant t, generate_series(1, 990) g
                 WHERE t.tenant_key = ?""")) {
            insert.setString(1, tenant);
            assertThat(insert.executeUpdate()).isEqualTo(990);
        }
        for (int i = 1; i <= 1000; i++) {
            ids.add(i <= 990 ? "bulk-" + i : "ghost-" + i);
        }
        Map<String, Object> body = Map.of("customer_ids", ids, "reset_type", "usage", "reason", "goodwill");
        Api.Reply first = reset("bulk-1", body);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.map().get("counts")).isEqualTo(Map.of("reset", 990, "not_found", 10, "skipped", 0));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> outcomes = (List<Map<String, Object>>) first.map().get("customers");
        assertThat(outcomes).hasSize(1000);
        assertThat(outcomes.getFirst()).containsEntry("customer", "bulk-1").containsEntry("status", "reset");
        assertThat(outcomes.getLast()).containsEntry("customer", "ghost-1000").containsEntry("status", "not_found");

        Api.Reply replay = reset("bulk-1", body);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(first.map()).containsEntry("replayed", false);
        assertThat(replay.map()).containsEntry("replayed", true).containsEntry("id", first.map().get("id"));
        assertThat(replay.map().get("customers")).isEqualTo(first.map().get("customers"));
        Map<String, Object> firstAnswer = new LinkedHashMap<>(first.map());
        Map<String, Object> replayAnswer = new LinkedHashMap<>(replay.map());
        firstAnswer.remove("replayed");
        replayAnswer.remove("replayed");
        assertThat(replayAnswer).as("the replay answers exactly the first answer, created_at to the microsecond, except replayed")
                .isEqualTo(firstAnswer);
        assertThat(resetRows()).as("the replay reset nothing again").isEqualTo(990);

        Api.Reply other = reset("bulk-1", Map.of("customer_ids", ids, "reset_type", "period", "reason", "goodwill"));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).isEqualTo("application/problem+json");
        assertThat(actions("usage.reset")).isEqualTo(1);
    }

    @Test
    void aDryRunSaysWhatWouldHappenAndChangesNothing() throws SQLException {
        customer("no-plan", "UTC", null);
        transcription("tokyo", TestClock.now().minusSeconds(2).isBefore(monthStart()) ? monthStart() : TestClock.now().minusSeconds(2), "300");
        Api.Reply dry = reset("dry-1", Map.of("customer_ids", List.of("tokyo", "no-plan", "nobody"), "reset_type", "usage", "reason", "trial",
                "dry_run", true));
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.map()).containsEntry("dry_run", true).containsEntry("id", null);
        assertThat(dry.map().get("counts")).isEqualTo(Map.of("reset", 1, "not_found", 1, "skipped", 1));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> outcomes = (List<Map<String, Object>>) dry.map().get("customers");
        assertThat(outcomes.get(1)).containsEntry("status", "skipped").containsEntry("reason", "no plan");
        assertThat(number(limit("tokyo").get("used"))).isEqualByComparingTo("300");
        assertThat(resetRows()).isZero();
        assertThat(actions("usage.reset")).isZero();
        @SuppressWarnings("unchecked")
        List<Object> listed = (List<Object>) api.get("/api/v1/admin/usage-resets", admin).map().get("items");
        assertThat(listed).isEmpty();
    }

    @Test
    void resetsAndTheAuditLogAreForAdminsOfTheTenantOnly() {
        Api.Reply made = reset("roles-1", Map.of("customer_ids", List.of("tokyo"), "reset_type", "usage", "reason", "test"));
        assertThat(made.status()).as(made.body()).isEqualTo(200);
        String id = made.map().get("id").toString();
        String body = api.json(Map.of("customer_ids", List.of("tokyo"), "reset_type", "usage", "reason", "x"));
        for (String role : List.of("viewer", "analyst", "manager")) {
            String token = Tokens.user(tenant, role);
            assertThat(api.send(api.request("/api/v1/admin/usage-resets", token).header("Content-Type", "application/json")
                    .header("Idempotency-Key", "k-" + role).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build()).status())
                    .as(role).isEqualTo(403);
            assertThat(api.get("/api/v1/admin/usage-resets", token).status()).as(role).isEqualTo(403);
            assertThat(api.delete("/api/v1/admin/usage-resets/" + id, token).status()).as(role).isEqualTo(403);
            assertThat(api.get("/api/v1/admin/audit", token).status()).as(role).isEqualTo(403);
        }
        String stranger = Tokens.user(Tokens.freshTenant(), "admin");
        assertThat(api.get("/api/v1/admin/usage-resets/" + id, stranger).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/admin/usage-resets/" + id, stranger).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/admin/usage-resets/" + id, admin).map().get("reset")).isNotNull();
        String service = Tokens.service(tenant, "quota:read", "customers:write", "events:write", "billing:write");
        assertThat(api.get("/api/v1/admin/usage-resets", service).status()).isIn(401, 403);
        assertThat(api.get("/api/v1/admin/audit", service).status()).isIn(401, 403);
        assertThat(api.get("/api/v1/admin/usage-resets", Tokens.customerUser(tenant, List.of("tokyo"), "admin")).status()).isEqualTo(403);
        Api.Reply noKey = api.post("/api/v1/admin/usage-resets", admin, "application/json", body);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.errors().getFirst()).containsEntry("field", "Idempotency-Key");
        assertThat(api.post("/internal/v1/quota-checks", Tokens.service(tenant, "events:write"), "application/json",
                api.json(Map.of("customer", "tokyo", "meter", "transcription_minutes", "amount", 1))).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/plans", Tokens.user(tenant, "analyst"), "application/json", api.json(Map.of("key", "x", "name", "X")))
                .status()).isEqualTo(403);
    }

    @Test
    void theAuditLogListsResetsWithActorReasonScopeAndCountsPageByPage() {
        Api.Reply made = reset("audit-1", Map.of("customer_ids", List.of("tokyo", "ghost"), "reset_type", "usage", "reason", "outage 2026-11-20"));
        assertThat(made.status()).as(made.body()).isEqualTo(200);
        Api.Reply log = api.get("/api/v1/admin/audit?action=usage.reset", admin);
        assertThat(log.status()).as(log.body()).isEqualTo(200);
        List<Map<String, Object>> items = log.items();
        assertThat(items).hasSize(1);
        Map<String, Object> entry = items.getFirst();
        assertThat(entry).containsEntry("action", "usage.reset").containsEntry("actor", "user-of-" + tenant)
                .containsEntry("target", "usage-reset:" + made.map().get("id"));
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) entry.get("details");
        assertThat(details).containsEntry("reason", "outage 2026-11-20").containsEntry("reset", 1).containsEntry("not_found", 1)
                .containsEntry("scope", "2 customer ids").containsEntry("reset_id", made.map().get("id"));
        assertThat(entry.get("request_id")).isNotNull();

        Api.Reply first = api.get("/api/v1/admin/audit?limit=1", admin);
        assertThat(first.items()).hasSize(1);
        String cursor = first.map().get("next_cursor").toString();
        Api.Reply second = api.get("/api/v1/admin/audit?limit=1&cursor=" + cursor, admin);
        assertThat(second.items()).hasSize(1);
        assertThat(((Number) second.items().getFirst().get("sequence")).longValue())
                .isLessThan(((Number) first.items().getFirst().get("sequence")).longValue());
        assertThat(api.get("/api/v1/admin/audit?from=yesterday", admin).status()).isEqualTo(400);
    }

    @Test
    void plansAreValidatedAndAMeterInUseCannotBeDeleted() {
        Api.Reply grouped = api.post("/api/v1/plans", manager, "application/json", api.json(Map.of("key", "bad", "name", "Bad",
                "limits", List.of(Map.of("meter", "calls_by_outcome", "amount", 5, "period", "calendar_month")))));
        assertThat(grouped.status()).isEqualTo(400);
        assertThat(grouped.errors().getFirst()).containsEntry("field", "limits[0].meter");
        Api.Reply period = api.post("/api/v1/plans", manager, "application/json", api.json(Map.of("key", "bad", "name", "Bad",
                "limits", List.of(Map.of("meter", "calls", "amount", 5, "period", "fortnight")))));
        assertThat(period.errors().getFirst()).containsEntry("field", "limits[0].period");
        assertThat(api.post("/api/v1/plans", manager, "application/json", api.json(Map.of("key", "basic", "name", "Again"))).status())
                .isEqualTo(409);

        Api.Reply meter = api.post("/api/v1/meters", manager, "application/json", api.json(Map.of("key", "pages", "name", "Pages",
                "event_type", "print", "aggregation", "sum", "measure", "pages")));
        assertThat(meter.status()).as(meter.body()).isEqualTo(201);
        Api.Reply changed = api.put("/api/v1/plans/basic", manager, api.json(Map.of("name", "Basic", "limits", List.of(
                Map.of("meter", "transcription_minutes", "amount", 600, "period", "calendar_month"),
                Map.of("meter", "pages", "amount", 1000, "period", "billing_cycle", "enforcement", "soft")))));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/plans/basic", manager).map().get("limits")).asList().hasSize(2);
        Api.Reply delete = api.delete("/api/v1/meters/pages", manager);
        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.map().get("detail").toString()).contains("basic");
    }

    /**
     * A billing-cycle limit follows the customer's subscription in force, by the rule the billing view uses: a weekly
     * subscription started 10 days ago is in its second week; a trial started 2 days ago is in force too and, started
     * last, sets the cycle; once the trial is canceled (with no end given), it is no longer in force and the first
     * subscription's cycle is back.
     */
    @Test
    void aBillingCycleLimitFollowsTheSubscriptionInForce() {
        Api.Reply plan = api.post("/api/v1/plans", manager, "application/json", api.json(Map.of("key", "weekly", "name", "Weekly",
                "limits", List.of(Map.of("meter", "transcription_minutes", "amount", 100, "period", "billing_cycle")))));
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        customer("cycler", "UTC", "weekly");
        Instant now = TestClock.now().truncatedTo(ChronoUnit.SECONDS);
        Instant paid = now.minus(10, ChronoUnit.DAYS);
        subscription("s-paid", "active", paid, null, paid);
        Map<String, Object> limit = limit("cycler");
        assertThat(limit).containsEntry("period_basis", "billing_cycle");
        assertThat(Instant.parse(limit.get("period_start").toString())).isEqualTo(paid.plus(7, ChronoUnit.DAYS));

        Instant trial = now.minus(2, ChronoUnit.DAYS);
        subscription("s-trial", "trialing", trial, null, trial);
        assertThat(Instant.parse(limit("cycler").get("period_start").toString())).as("a trial is in force, and started last")
                .isEqualTo(trial);

        Instant canceled = now.minus(1, ChronoUnit.HOURS);
        subscription("s-trial", "canceled", trial, canceled, canceled);
        assertThat(Instant.parse(limit("cycler").get("period_start").toString())).as("a canceled subscription is not in force")
                .isEqualTo(paid.plus(7, ChronoUnit.DAYS));
    }

    /** A weekly 10 USD subscription version of "cycler", as the billing system sends it. */
    void subscription(String id, String status, Instant started, Instant canceled, Instant effective) {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("customer", "cycler");
        version.put("plan", "weekly");
        version.put("status", status);
        version.put("price", Map.of("amount", "10.00", "currency", "USD"));
        version.put("interval", "week");
        version.put("interval_count", 1);
        version.put("quantity", 1);
        version.put("started_at", started.toString());
        if (canceled != null) {
            version.put("canceled_at", canceled.toString());
        }
        version.put("effective_at", effective.toString());
        Api.Reply reply = api.put("/internal/v1/subscriptions/" + id, Tokens.service(tenant, "billing:write"), api.json(version));
        assertThat(reply.status()).as(reply.body()).isIn(200, 201);
    }

    int resetRows() throws SQLException {
        try (Connection db = TestDb.connect(); PreparedStatement count = db.prepareStatement("""
                SELECT count(*) FROM usage_reset_customer rc JOIN tenant t ON t.tenant_id = rc.tenant_id WHERE t.tenant_key = ?""")) {
            count.setString(1, tenant);
            var rows = count.executeQuery();
            rows.next();
            return rows.getInt(1);
        }
    }

    long actions(String action) {
        try {
            return TestDb.auditEntries(tenant).stream().filter(entry -> action.equals(entry.get("action"))).count();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
