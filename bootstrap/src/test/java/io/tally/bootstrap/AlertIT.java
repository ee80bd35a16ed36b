package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.tally.application.port.in.alert.admin.RunAlertJobsUseCase;
import jakarta.inject.Inject;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Threshold alerts through the real server, its job runner (db-scheduler), a real SMTP server (GreenMail) and a real HTTP
 * receiver. Each rule is evaluated once by the job runner when it is made (waited for here), then only when the test asks
 * ({@code POST /api/v1/admin/alerts/check}), since it is due again a day later: so the breaches in a row are counted
 * exactly. Notifications are retried after 1 s and 2 s.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertIT extends ApiTestSupport implements TestPropertyProvider {

    final GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    final WebhookReceiver receiver = new WebhookReceiver();

    @Inject
    RunAlertJobsUseCase alertJobs;

    String owner;
    String admin;
    String manager;
    String analyst;
    String secret;

    @Override
    public Map<String, String> getProperties() {
        mail.start();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("tally.jobs.enabled", "true");
        properties.put("tally.smtp.url", "smtp://127.0.0.1:" + mail.getSmtp().getPort());
        properties.put("tally.smtp.from", "Tally Alerts <alerts@tally.test>");
        properties.put("tally.webhook.allow-private", "true");
        properties.put("tally.delivery.retry-backoff", "1s,2s");
        properties.put("tally.node-name", "alert-it");
        return properties;
    }

    @AfterAll
    void stop() {
        mail.stop();
        receiver.close();
    }

    @BeforeEach
    void people() {
        owner = Tokens.user(tenant, "owner");
        admin = Tokens.user(tenant, "admin");
        manager = Tokens.user(tenant, "manager");
        analyst = Tokens.user(tenant, "analyst");
        Api.Reply made = api.post("/api/v1/tenant/webhook-secret", owner, "application/json", "");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        secret = (String) made.map().get("secret");
    }

    void customer(String id, String name, String plan) {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("display_name", name);
        profile.put("timezone", "UTC");
        if (plan != null) {
            profile.put("plan", plan);
        }
        Api.Reply reply = api.put("/internal/v1/customers/" + id, Tokens.service(tenant, "customers:write"), api.json(profile));
        assertThat(reply.status()).as(reply.body()).isIn(200, 201);
    }

    /** {@code count} calls of the customer, a minute ago on the test clock. */
    void calls(String customer, int count) {
        String at = TestClock.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        List<Map<String, Object>> events = Events.batch(count, i -> Events.event(customer + "-" + i + "-" + System.nanoTime(), "calls", "call",
                customer, at, Map.of("outcome", "completed", "agent", "ana", "duration_s", 61)));
        Api.Reply reply = api.postEvents(Tokens.service(tenant, "events:write"), events);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    static Map<String, Object> rule(String name, Object scope, Map<String, Object> condition, List<Map<String, Object>> channels) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("name", name);
        rule.put("metric", "calls");
        rule.put("scope", scope);
        rule.put("window", "last_24_hours");
        rule.put("condition", condition);
        rule.put("severity", "high");
        rule.put("evaluate_every", "1d");
        rule.put("channels", channels);
        return rule;
    }

    List<Map<String, Object>> webhook(String path) {
        return List.of(Map.of("type", "webhook", "url", receiver.url(path)));
    }

    /** Makes the rule and waits for its first evaluation, which the job runner makes at once. */
    Map<String, Object> create(Map<String, Object> rule) throws InterruptedException {
        Api.Reply created = api.post("/api/v1/alerts", manager, "application/json", api.json(rule));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = (String) created.map().get("id");
        Instant end = Instant.now().plus(Duration.ofSeconds(30));
        Map<String, Object> found = get(id);
        while (found.get("last_evaluated_at") == null && Instant.now().isBefore(end)) {
            Thread.sleep(100);
            found = get(id);
        }
        assertThat(found.get("last_evaluated_at")).as("first evaluation by the job runner").isNotNull();
        assertThat(found.get("last_error")).isNull();
        return found;
    }

    Map<String, Object> get(String id) {
        Api.Reply reply = api.get("/api/v1/alerts/" + id, analyst);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.map();
    }

    Map<String, Object> check() {
        Api.Reply reply = api.post("/api/v1/admin/alerts/check", admin, "application/json", "");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.map();
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> states(Map<String, Object> rule) {
        Map<String, String> states = new LinkedHashMap<>();
        for (Map<String, Object> state : (List<Map<String, Object>>) rule.get("states")) {
            states.put((String) state.get("subject"), (String) state.get("state"));
        }
        return states;
    }

    List<Map<String, Object>> history(String id) {
        Api.Reply reply = api.get("/api/v1/alerts/" + id + "/history?limit=200", analyst);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.items();
    }

    @Test
    void eachCustomerKeepsItsOwnStateFiresOnTheThirdBreachNotAtEqualityAndResolvesOnce() throws Exception {
        customer("busy", "Busy Bees Ltd", null);
        customer("exact", "Exactly Five", null);
        calls("busy", 6);
        calls("exact", 5);
        String path = "/each/" + tenant;
        Map<String, Object> rule = create(rule("Too many calls", "each_customer",
                Map.of("op", "above", "threshold", 5, "for_evaluations", 3), webhook(path)));
        String id = (String) rule.get("id");
        assertThat(states(rule)).containsEntry("busy", "pending").containsEntry("exact", "ok");

        check();
        assertThat(states(get(id))).containsEntry("busy", "pending").containsEntry("exact", "ok");
        Map<String, Object> third = check();
        assertThat(third.get("transitions")).isEqualTo(1);
        Map<String, Object> fired = get(id);
        assertThat(states(fired)).containsEntry("busy", "firing").containsEntry("exact", "ok");
        assertThat(((Map<?, ?>) fired.get("summary")).get("firing")).isEqualTo(1);

        List<WebhookReceiver.Received> calls = receiver.await(path, 1, Duration.ofSeconds(20));
        assertThat(calls).hasSize(1);
        WebhookReceiver.Received call = calls.getFirst();
        Map<String, Object> body = json.readValue(call.body(), Map.class);
        assertThat(body).containsEntry("type", "alert.firing").containsEntry("test", false).containsEntry("value", "6").containsEntry("threshold", "5")
                .containsEntry("unit", "count");
        assertThat((Map<String, Object>) body.get("subject")).containsEntry("id", "busy").containsEntry("name", "Busy Bees Ltd");
        assertThat((String) ((Map<String, Object>) body.get("subject")).get("url")).endsWith("/api/v1/customers/busy");
        assertThat(call.header("webhook-signature")).isEqualTo(ScheduleIT.expectedSignature(secret, call.header("webhook-id"),
                call.header("webhook-timestamp"), call.body()));
        List<Map<String, Object>> events = history(id);
        Map<String, Object> firing = events.stream().filter(event -> "firing".equals(event.get("state"))).findFirst().orElseThrow();
        assertThat(call.header("webhook-id")).isEqualTo(firing.get("id"));
        assertThat(firing).containsEntry("subject", "busy").containsEntry("from", "pending").containsEntry("value", "6")
                .containsEntry("threshold", "5").containsEntry("notified", true);

        // a higher threshold: the next evaluation finds busy safe, and the alert resolves, once
        Map<String, Object> raised = new LinkedHashMap<>(rule("Too many calls", "each_customer",
                Map.of("op", "above", "threshold", 10, "for_evaluations", 3), webhook(path)));
        Api.Reply changed = api.put("/api/v1/alerts/" + id, manager, api.json(raised));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        check();
        check();
        List<WebhookReceiver.Received> both = receiver.await(path, 2, Duration.ofSeconds(20));
        Thread.sleep(1_500);
        assertThat(receiver.received(path)).hasSize(2);
        Map<String, Object> resolved = json.readValue(both.get(1).body(), Map.class);
        assertThat(resolved).containsEntry("type", "alert.resolved").containsEntry("value", "6").containsEntry("threshold", "10");
        assertThat(history(id).stream().filter(event -> Boolean.TRUE.equals(event.get("resolved"))).count()).isEqualTo(1);
        assertThat(states(get(id))).containsEntry("busy", "ok");

        Api.Reply notified = api.get("/api/v1/alert-events?rule=" + id, analyst);
        assertThat(notified.status()).as(notified.body()).isEqualTo(200);
        assertThat(notified.items()).extracting(event -> event.get("state")).containsExactly("ok", "firing");
        assertThat(api.get("/api/v1/alert-events?rule=" + id + "&subject=exact", analyst).items()).isEmpty();
        assertThat(api.get("/api/v1/alert-events?severity=low", analyst).items()).isEmpty();
        String firedAt = (String) firing.get("at");
        assertThat(api.get("/api/v1/alert-events?rule=" + id + "&from=" + firedAt, analyst).items()).hasSize(2);
        assertThat(api.get("/api/v1/alert-events?rule=" + id + "&to=" + firedAt, analyst).items()).isEmpty();
        assertThat(api.get("/api/v1/alert-events?from=2020-01-01T00:00:00Z&to=2020-01-01T00:00:00Z", analyst).status()).isEqualTo(400);
        Api.Reply page = api.get("/api/v1/alert-events?limit=1", analyst);
        assertThat(page.items()).hasSize(1);
        String cursor = (String) page.map().get("next_cursor");
        assertThat(cursor).isNotNull();
        Api.Reply next = api.get("/api/v1/alert-events?limit=1&cursor=" + cursor, analyst);
        assertThat(next.items()).extracting(event -> event.get("state")).containsExactly("firing");
    }

    @Test
    void belowIsStrictAndAWindowWithoutAPreviousOneHasNoData() throws Exception {
        customer("solo", "Solo", null);
        calls("solo", 3);
        Map<String, Object> below = create(rule("Few calls", Map.of("customer", "solo"), Map.of("op", "below", "threshold", 3), List.of()));
        assertThat(states(below)).containsEntry("solo", "ok");
        assertThat(history((String) below.get("id"))).isEmpty();

        Map<String, Object> change = create(rule("Calls jump", "tenant", Map.of("op", "change_pct_above", "threshold", 50), List.of()));
        assertThat(states(change)).containsEntry("tenant", "no_data");
        @SuppressWarnings("unchecked")
        Map<String, Object> state = ((List<Map<String, Object>>) change.get("states")).getFirst();
        assertThat(state.get("value")).isNull();
        List<Map<String, Object>> events = history((String) change.get("id"));
        assertThat(events).hasSize(1);
        assertThat(events.getFirst()).containsEntry("from", "ok").containsEntry("state", "no_data").containsEntry("notified", false);
        check();
        assertThat(history((String) change.get("id"))).hasSize(1);
    }

    @Test
    void limitPctAboveComparesUseWithThePlanLimit() throws Exception {
        Api.Reply plan = api.post("/api/v1/plans", manager, "application/json", api.json(Map.of("key", "basic", "name", "Basic",
                "limits", List.of(Map.of("meter", "calls", "amount", 5, "period", "calendar_month", "enforcement", "soft")))));
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        customer("full", "Full House", "basic");
        customer("eighty", "Eighty", "basic");
        customer("free", "No Plan", null);
        calls("full", 5);
        calls("eighty", 4);
        calls("free", 50);
        String path = "/quota/" + tenant;
        List<Map<String, Object>> channels = new ArrayList<>(webhook(path));
        channels.add(Map.of("type", "email", "to", List.of("quota@example.test")));
        Map<String, Object> quota = new LinkedHashMap<>(rule("80 % of the call quota", "each_customer",
                Map.of("op", "limit_pct_above", "threshold", 80, "clear_threshold", 70), channels));
        quota.remove("window");
        Map<String, Object> rule = create(quota);
        assertThat(rule.get("window")).isEqualTo("current_limit_period");
        assertThat(states(rule)).containsEntry("full", "firing").containsEntry("eighty", "ok").containsEntry("free", "no_data");
        List<WebhookReceiver.Received> calls = receiver.await(path, 1, Duration.ofSeconds(20));
        assertThat(calls).hasSize(1);
        Map<String, Object> body = json.readValue(calls.getFirst().body(), Map.class);
        assertThat(body).containsEntry("value", "100.000000").containsEntry("threshold", "80").containsEntry("unit", "percent");
        assertThat((String) body.get("summary")).contains("Share of the plan limit: 100 %").contains("clears at 70 %");
        MimeMessage message = awaitMail("quota@example.test");
        assertThat(message.getSubject()).isEqualTo("[FIRING · high] 80 % of the call quota: Full House (full)");
        assertThat(part(message.getContent(), "text/plain")).contains("State: ok -> firing")
                .contains("Share of the plan limit: 100 % (threshold: above 80 %, clears at 70 %)").contains("Window: current limit period");
        assertThat(part(message.getContent(), "text/html")).contains("FIRING · high").contains("/api/v1/customers/full");
    }

    /** The first mail to {@code to}, waiting up to 20 s for it. */
    MimeMessage awaitMail(String to) throws Exception {
        Instant end = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(end)) {
            for (MimeMessage message : mail.getReceivedMessages()) {
                if (java.util.Arrays.stream(message.getAllRecipients()).anyMatch(address -> address.toString().contains(to))) {
                    return message;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail to " + to);
    }

    @Test
    void aTestFireGoesThroughTheChannelsMarkedAsTestAndChangesNoState() throws Exception {
        customer("quiet", "Quiet Co", null);
        calls("quiet", 1);
        String path = "/test/" + tenant;
        List<Map<String, Object>> channels = new ArrayList<>(webhook(path));
        channels.add(Map.of("type", "email", "to", List.of("ops@example.test")));
        Map<String, Object> rule = create(rule("Quiet", Map.of("customer", "quiet"), Map.of("op", "above", "threshold", 100), channels));
        String id = (String) rule.get("id");
        Api.Reply tested = api.post("/api/v1/alerts/" + id + "/test", manager, "application/json", "");
        assertThat(tested.status()).as(tested.body()).isEqualTo(202);
        assertThat(tested.map()).containsEntry("kind", "test").containsEntry("test", true).containsEntry("subject", "quiet");

        List<WebhookReceiver.Received> calls = receiver.await(path, 1, Duration.ofSeconds(20));
        assertThat(calls).hasSize(1);
        assertThat(json.readValue(calls.getFirst().body(), Map.class)).containsEntry("type", "alert.test").containsEntry("test", true);
        assertThat(calls.getFirst().header("webhook-id")).isEqualTo(tested.map().get("id"));
        MimeMessage message = awaitMail("ops@example.test");
        assertThat(message.getSubject()).isEqualTo("[TEST · high] Quiet: Quiet Co (quiet)");
        String text = part(message.getContent(), "text/plain");
        String html = part(message.getContent(), "text/html");
        assertThat(text).contains("This is a test").contains("Value: 1 (threshold: above 100)").contains("Window: last 24 hours");
        assertThat(html).contains("<h2 style=\"margin:8px 0\">Quiet</h2>").contains("/api/v1/customers/quiet");

        assertThat(states(get(id))).containsEntry("quiet", "ok");
        List<Map<String, Object>> events = history(id);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst()).containsEntry("kind", "test").containsEntry("from", "ok").containsEntry("state", "ok");
    }

    /** The first part of a type in a message's (nested) multiparts. */
    static String part(Object content, String type) throws Exception {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                if (multipart.getBodyPart(i).isMimeType(type)) {
                    return (String) multipart.getBodyPart(i).getContent();
                }
                String nested = part(multipart.getBodyPart(i).getContent(), type);
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    @Test
    void aMutedRuleRecordsItsTransitionsButSendsNothing() throws Exception {
        customer("loud", "Loud", null);
        calls("loud", 9);
        String path = "/muted/" + tenant;
        Map<String, Object> muted = new LinkedHashMap<>(rule("Muted", Map.of("customer", "loud"), Map.of("op", "above", "threshold", 5), webhook(path)));
        muted.put("muted_until", TestClock.now().plus(Duration.ofDays(1)).toString());
        Map<String, Object> rule = create(muted);
        String id = (String) rule.get("id");
        assertThat(states(rule)).containsEntry("loud", "firing");
        List<Map<String, Object>> events = history(id);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst()).containsEntry("state", "firing").containsEntry("notified", false);
        assertThat(api.get("/api/v1/alert-events?rule=" + id, analyst).items()).isEmpty();
        Thread.sleep(2_000);
        assertThat(receiver.received(path)).isEmpty();
    }

    @Test
    void customersReachingAPlanLimitsAlertShareAreToldOncePerPeriodAndShare() throws Exception {
        String path = "/plan-limit/" + tenant;
        Map<String, Object> channels = Map.of("channels", webhook(path));
        assertThat(api.put("/api/v1/tenant/alert-channels", manager, api.json(channels)).status()).isEqualTo(403);
        Api.Reply set = api.put("/api/v1/tenant/alert-channels", admin, api.json(channels));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/tenant/alert-channels", analyst).map().get("channels")).isEqualTo(webhook(path));
        Api.Reply plan = api.post("/api/v1/plans", manager, "application/json", api.json(Map.of("key", "pro", "name", "Pro",
                "limits", List.of(Map.of("meter", "calls", "amount", 10, "period", "calendar_month", "alert_at_pct", List.of(100, 80))))));
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        Map<String, Object> limit = ((List<Map<String, Object>>) plan.map().get("limits")).getFirst();
        assertThat(limit.get("alert_at_pct")).isEqualTo(List.of(80, 100));
        Api.Reply bad = api.post("/api/v1/plans", manager, "application/json", api.json(Map.of("key", "bad", "name", "Bad",
                "limits", List.of(Map.of("meter", "calls", "amount", 10, "period", "calendar_month", "alert_at_pct", List.of(0))))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errors().getFirst()).containsEntry("field", "limits[0].alert_at_pct");

        customer("grow", "Growing Co", "pro");
        customer("small", "Small Co", "pro");
        calls("grow", 8);
        calls("small", 7);
        alertJobs.checkQuotaAlerts();
        alertJobs.checkQuotaAlerts();
        List<Map<String, Object>> events = api.get("/api/v1/alert-events?subject=grow", analyst).items();
        assertThat(events).hasSize(1);
        assertThat(events.getFirst()).containsEntry("kind", "quota").containsEntry("value", "80.00").containsEntry("threshold", "80")
                .containsEntry("severity", "medium").containsEntry("rule_id", null).containsEntry("rule_name", "Plan limit: Calls at 80 % (pro)");
        assertThat(api.get("/api/v1/alert-events?subject=small", analyst).items()).isEmpty();

        calls("grow", 2);
        alertJobs.checkQuotaAlerts();
        events = api.get("/api/v1/alert-events?subject=grow", analyst).items();
        assertThat(events).extracting(event -> event.get("threshold")).containsExactly("100", "80");
        assertThat(events.getFirst()).containsEntry("severity", "high").containsEntry("value", "100.00");
        List<WebhookReceiver.Received> calls = receiver.await(path, 2, Duration.ofSeconds(20));
        Thread.sleep(1_000);
        assertThat(receiver.received(path)).hasSize(2);
        assertThat(calls).extracting(call -> json.readValue(call.body(), Map.class).get("type")).containsOnly("quota.crossed");
        assertThat(calls).extracting(call -> call.header("webhook-id")).containsExactlyInAnyOrder((String) events.get(0).get("id"),
                (String) events.get(1).get("id"));
        Map<String, Object> last = json.readValue(calls.get(1).body(), Map.class);
        assertThat((String) last.get("summary")).isEqualTo("100 % of the plan limit used (alert at 100 %)");
    }

    @Test
    void aSavedQueryGivesTheRuleItsMetricAndFiltersWithTheRulesParams() throws Exception {
        customer("mixed", "Mixed Results", null);
        String at = TestClock.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            events.add(Events.event("mixed-" + i, "calls", "call", "mixed", at, Map.of("outcome", i < 3 ? "failed" : "completed")));
        }
        assertThat(api.postEvents(Tokens.service(tenant, "events:write"), events).status()).isEqualTo(200);
        Api.Reply query = api.post("/api/v1/queries", manager, "application/json", """
                {"name": "Calls by outcome", "visibility": "tenant",
                 "query": {"metric": "calls", "filters": {"outcome": "{{outcome}}"}, "period": "last_7_days"},
                 "params": [{"name": "outcome", "type": "dimension_value", "default": "completed"}]}""");
        assertThat(query.status()).as(query.body()).isEqualTo(201);
        String queryId = (String) query.map().get("id");

        Map<String, Object> failed = new LinkedHashMap<>(rule("Failed calls", Map.of("customer", "mixed"), Map.of("op", "above", "threshold", 2), List.of()));
        failed.remove("metric");
        failed.put("saved_query", Map.of("id", queryId, "params", Map.of("outcome", "failed")));
        Map<String, Object> rule = create(failed);
        assertThat(rule.get("saved_query")).isEqualTo(Map.of("id", queryId, "params", Map.of("outcome", "failed")));
        assertThat(states(rule)).containsEntry("mixed", "firing");
        @SuppressWarnings("unchecked")
        Map<String, Object> state = ((List<Map<String, Object>>) rule.get("states")).getFirst();
        assertThat(state.get("value")).as("the 3 failed calls, not the 7 calls").isEqualTo("3");

        Api.Reply grouped = api.post("/api/v1/queries", manager, "application/json", """
                {"name": "Calls per outcome", "visibility": "tenant", "query": {"metric": "calls", "group_by": ["outcome"], "period": "last_7_days"}}""");
        assertThat(grouped.status()).as(grouped.body()).isEqualTo(201);
        Map<String, Object> many = new LinkedHashMap<>(failed);
        many.put("saved_query", Map.of("id", grouped.map().get("id")));
        Api.Reply refused = api.post("/api/v1/alerts", manager, "application/json", api.json(many));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errors().getFirst()).containsEntry("field", "saved_query");
    }

    @Test
    void rulesAreCheckedWhenSaved() {
        Map<String, Object> wrongSide = rule("Wrong", "tenant", Map.of("op", "above", "threshold", 10, "clear_threshold", 12), List.of());
        Api.Reply reply = api.post("/api/v1/alerts", manager, "application/json", api.json(wrongSide));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(reply.errors().getFirst()).containsEntry("field", "condition.clear_threshold");

        Map<String, Object> money = rule("Revenue", "tenant", Map.of("op", "change_pct_below", "threshold", -20), List.of());
        money.put("metric", "net_revenue");
        Api.Reply noCurrency = api.post("/api/v1/alerts", manager, "application/json", api.json(money));
        assertThat(noCurrency.status()).isEqualTo(400);
        assertThat(noCurrency.errors().getFirst()).containsEntry("field", "currency");

        Map<String, Object> unknown = rule("Unknown", "tenant", Map.of("op", "above", "threshold", 1), List.of());
        unknown.put("metric", "no_such_metric");
        assertThat(api.post("/api/v1/alerts", manager, "application/json", api.json(unknown)).errors().getFirst()).containsEntry("field", "metric");

        Map<String, Object> fast = rule("Fast", "tenant", Map.of("op", "above", "threshold", 1), List.of());
        fast.put("evaluate_every", "5s");
        assertThat(api.post("/api/v1/alerts", manager, "application/json", api.json(fast)).errors().getFirst()).containsEntry("field", "evaluate_every");

        Map<String, Object> nobody = rule("Nobody", Map.of("customer", "ghost"), Map.of("op", "above", "threshold", 1), List.of());
        assertThat(api.post("/api/v1/alerts", manager, "application/json", api.json(nobody)).errors().getFirst()).containsEntry("field", "scope.customer");
    }

    @Test
    void rolesAndTenants() throws Exception {
        customer("acme", "Acme", null);
        Map<String, Object> body = rule("Roles", "tenant", Map.of("op", "above", "threshold", 1000), List.of());
        assertThat(api.post("/api/v1/alerts", analyst, "application/json", api.json(body)).status()).isEqualTo(403);
        Map<String, Object> rule = create(body);
        String id = (String) rule.get("id");
        assertThat(api.get("/api/v1/alerts/" + id, Tokens.user(tenant, "viewer")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/alerts/" + id, Tokens.customerUser(tenant, List.of("acme"), "manager")).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/alerts/" + id + "/test", analyst, "application/json", "").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/admin/alerts/check", manager, "application/json", "").status()).isEqualTo(403);
        assertThat(api.delete("/api/v1/alerts/" + id, analyst).status()).isEqualTo(403);

        String other = Tokens.freshTenant();
        assertThat(api.get("/api/v1/alerts/" + id, Tokens.user(other, "owner")).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/alerts/" + id + "/history", Tokens.user(other, "owner")).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/alerts/" + id, Tokens.user(other, "owner")).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/alerts", Tokens.user(other, "owner")).items()).isEmpty();

        Api.Reply audit = api.get("/api/v1/admin/audit?action=alert.created", admin);
        assertThat(audit.status()).as(audit.body()).isEqualTo(200);
        assertThat(audit.items()).extracting(entry -> entry.get("target")).contains("alert:" + id);
        assertThat(api.delete("/api/v1/alerts/" + id, manager).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/alerts/" + id, analyst).status()).isEqualTo(404);
    }
}
