package io.tally.application.service.alert;

import io.tally.application.port.out.operations.OperationsTelemetryPort;
import io.tally.application.service.delivery.DeliveryFakes;
import static io.tally.application.service.TestData.TENANT;
import static io.tally.application.service.TestData.event;
import static io.tally.application.service.alert.AlertFakes.condition;
import static io.tally.application.service.alert.AlertFakes.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.application.port.out.alert.AlertStorePort;
import io.tally.application.port.out.delivery.DeliveryOutcome;
import io.tally.application.port.out.delivery.MailSenderPort;
import io.tally.application.service.InMemoryStores;
import io.tally.application.service.TestClock;
import io.tally.application.service.metric.BillingMeasures;
import io.tally.application.service.metric.MetricEngine;
import io.tally.domain.alert.AlertEvent;
import io.tally.domain.alert.AlertRule;
import io.tally.domain.alert.AlertState;
import io.tally.domain.alert.AlertSubject;
import io.tally.domain.alert.Severity;
import io.tally.domain.alert.SubjectState;
import io.tally.domain.billing.MrrPolicy;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.customer.CustomerStatus;
import io.tally.domain.delivery.Channel;
import io.tally.domain.delivery.Delivery;
import io.tally.domain.delivery.RetryBackoff;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The job side of alerts on in-memory ports: evaluations of rules over the built-in {@code calls} meter (a count of the
 * {@code call} events in the window), notifications and their retries, the sweep. The tenant is in UTC; it is Wednesday
 * 3 March 2027, 12:00Z, so {@code last_hour} is [11:00, 12:00) and moves on with the clock.
 */
class AlertRunnerTest {

    static final Instant NOW = Instant.parse("2027-03-03T12:00:00Z");
    static final TenantId OTHER = TenantId.of("globex-corp");
    static final String SECRET = "whsec_c2VjcmV0";

    final TestClock clock = new TestClock(NOW);
    final AlertFakes.Ids ids = new AlertFakes.Ids();
    final InMemoryAlerts store = new InMemoryAlerts();
    final AlertFakes.Jobs jobs = new AlertFakes.Jobs();
    final DeliveryFakes.Mail mail = new DeliveryFakes.Mail();
    final DeliveryFakes.Webhooks webhooks = new DeliveryFakes.Webhooks();
    final InMemoryStores.Tenants tenants = new InMemoryStores.Tenants();
    final InMemoryStores.Customers customers = new InMemoryStores.Customers();
    final InMemoryStores.Events events = new InMemoryStores.Events();
    final InMemoryStores.Usage usage = new InMemoryStores.Usage(events);
    final InMemoryStores.Meters meters = new InMemoryStores.Meters();
    final InMemoryStores.Metrics metrics = new InMemoryStores.Metrics();
    final InMemoryStores.AuditLog audit = new InMemoryStores.AuditLog();
    final AlertMeasures measures = new AlertMeasures(new MetricEngine(usage, meters, new BillingMeasures(new InMemoryStores.Billing(customers),
            MrrPolicy.DEFAULT)), metrics, meters, new InMemoryStores.SavedQueries(), customers, query -> {
                throw new AssertionError("no rule here compares with a plan limit");
            }, new InMemoryStores.Plans());
    final AlertRunner runner = new AlertRunner(store, jobs, measures, mail, webhooks, new DeliveryFakes.Links(), customers, tenants,
            id -> tenants.createIfAbsent(Tenant.create(id, NOW)), audit, new InMemoryStores.Transactions(audit, store), RetryBackoff.parse("1m,5m"),
            OperationsTelemetryPort.NONE, ids, clock);

    /** Stores a rule of {@link AlertFakes#ruleJson} with these fields, as the service would have. */
    AlertRule storedIn(TenantId tenant, Object... fields) {
        AlertRule rule = AlertRule.create(ids.get(), rule(fields), "mia", NOW.minus(Duration.ofDays(1)));
        store.create(tenant, rule);
        return rule;
    }

    AlertRule stored(Object... fields) {
        return storedIn(TENANT, fields);
    }

    /** {@code count} calls of the customer, one a minute from 11:30. */
    void calls(String customer, int count) {
        calls(customer, count, Instant.parse("2027-03-03T11:30:00Z"));
    }

    void calls(String customer, int count, Instant from) {
        calls(customer, count, from, Duration.ofMinutes(1));
    }

    void calls(String customer, int count, Instant from, Duration every) {
        for (int i = 0; i < count; i++) {
            event("call", from.plus(every.multipliedBy(i))).customer(customer).sendTo(events);
        }
    }

    void customer(String id, String name) {
        customers.upsert(TENANT, CustomerId.of(id), new CustomerProfile(Optional.ofNullable(name), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), CustomerStatus.ACTIVE), NOW.minus(Duration.ofDays(30)));
    }

    AlertStorePort.StoredState state(AlertRule rule, AlertSubject subject) {
        return store.state(TENANT, rule.id(), subject).orElseThrow();
    }

    static AlertSubject customerSubject(String id) {
        return AlertSubject.of(CustomerId.of(id));
    }

    static String transition(AlertEvent event) {
        return event.subject().key() + " " + event.from().wireName() + "->" + event.to().wireName() + " at " + event.at() + " value "
                + event.value().map(BigDecimal::toPlainString).orElse("none") + (event.notified() ? " notified" : "");
    }

    /** A rule that fired at once (7 calls, above 5), with its one notification, not attempted yet. */
    UUID firedNotification(AlertRule rule) {
        assertThat(runner.evaluate(TENANT, rule.id())).hasSize(1);
        assertThat(jobs.queued).hasSize(1);
        return jobs.queued.getFirst();
    }

    @Nested
    class Evaluations {

        @Test
        void firesOnTheThirdBreachInARow() {
            AlertRule rule = stored("condition", condition("above", 5, 3));
            calls("globex", 7);

            List<AlertEvent> first = runner.evaluate(TENANT, rule.id());
            clock.advance(Duration.ofMinutes(1));
            List<AlertEvent> second = runner.evaluate(TENANT, rule.id());
            assertThat(state(rule, AlertSubject.TENANT).state()).isEqualTo(new SubjectState(AlertState.PENDING, 2, NOW));
            assertThat(jobs.queued).isEmpty();
            clock.advance(Duration.ofMinutes(1));
            Optional<Instant> next = runner.evaluateRule(TENANT, rule.id());

            // 7 calls in [11:00, 12:00), [11:01, 12:01) and [11:02, 12:02): three breaches of "above 5" in a row
            assertThat(first).extracting(AlertRunnerTest::transition).containsExactly("tenant ok->pending at 2027-03-03T12:00:00Z value 7");
            assertThat(second).isEmpty();
            assertThat(store.events(TENANT)).extracting(AlertRunnerTest::transition).containsExactly(
                    "tenant pending->firing at 2027-03-03T12:02:00Z value 7 notified", "tenant ok->pending at 2027-03-03T12:00:00Z value 7");
            AlertEvent fired = store.events(TENANT).getFirst();
            assertThat(fired.kind()).isEqualTo(AlertEvent.Kind.TRANSITION);
            assertThat(fired.rule()).contains(rule.id());
            assertThat(fired.ruleName()).isEqualTo("Call spike");
            assertThat(fired.severity()).isEqualTo(Severity.HIGH);
            assertThat(fired.threshold()).isEqualByComparingTo("5");
            assertThat(state(rule, AlertSubject.TENANT).state()).isEqualTo(new SubjectState(AlertState.FIRING, 3, NOW.plusSeconds(120)));
            assertThat(state(rule, AlertSubject.TENANT).evaluatedAt()).isEqualTo(NOW.plusSeconds(120));
            assertThat(store.notifications(TENANT, fired.id())).singleElement().satisfies(notification -> {
                assertThat(notification.id()).isEqualTo(Delivery.idOf(fired.id(), 0));
                assertThat(notification.status()).isEqualTo(Delivery.Status.PENDING);
                assertThat(notification.channel()).isEqualTo(new Channel.Webhook(java.net.URI.create("https://hooks.acme.test/alerts")));
            });
            assertThat(jobs.queued).containsExactly(Delivery.idOf(fired.id(), 0));
            assertThat(jobs.queuedAt).containsEntry(Delivery.idOf(fired.id(), 0), NOW.plusSeconds(120));
            assertThat(store.lastEvaluation(TENANT, rule.id())).contains(new AlertStorePort.LastEvaluation(NOW.plusSeconds(120), Optional.empty()));
            assertThat(next).as("evaluated every minute").contains(NOW.plusSeconds(180));
        }

        @Test
        void aBreachBrokenOffStartsTheCountAgain() {
            AlertRule rule = stored("condition", condition("above", 5, 3));
            calls("globex", 6, Instant.parse("2027-03-03T11:05:00Z"));

            // 12:00: the 6 calls of 11:05 to 11:10 breach; 12:06: [11:06, 12:06) holds 5, safe, back to ok
            runner.evaluate(TENANT, rule.id());
            clock.advance(Duration.ofMinutes(6));
            runner.evaluate(TENANT, rule.id());
            // 10 calls in the seconds after 12:06: 12:07 sees 4 + 10, 12:08 sees 3 + 10, the second breach in a row
            calls("globex", 10, Instant.parse("2027-03-03T12:06:00Z"), Duration.ofSeconds(1));
            clock.advance(Duration.ofMinutes(1));
            runner.evaluate(TENANT, rule.id());
            clock.advance(Duration.ofMinutes(1));
            runner.evaluate(TENANT, rule.id());

            assertThat(store.events(TENANT)).extracting(AlertRunnerTest::transition).containsExactly(
                    "tenant ok->pending at 2027-03-03T12:07:00Z value 14",
                    "tenant pending->ok at 2027-03-03T12:06:00Z value 5",
                    "tenant ok->pending at 2027-03-03T12:00:00Z value 6");
            assertThat(state(rule, AlertSubject.TENANT).state()).as("two breaches since the safe value, not three")
                    .isEqualTo(new SubjectState(AlertState.PENDING, 2, NOW.plusSeconds(420)));
            assertThat(state(rule, AlertSubject.TENANT).value()).hasValueSatisfying(value -> assertThat(value).isEqualByComparingTo("13"));
            assertThat(jobs.queued).isEmpty();
        }

        @Test
        void aValueEqualToTheThresholdDoesNotFireAbove() {
            AlertRule rule = stored("condition", condition("above", 5, 1));
            calls("globex", 5);

            assertThat(runner.evaluate(TENANT, rule.id())).isEmpty();
            assertThat(state(rule, AlertSubject.TENANT).state()).isEqualTo(new SubjectState(AlertState.OK, 0, NOW));
            assertThat(state(rule, AlertSubject.TENANT).value()).hasValueSatisfying(value -> assertThat(value).isEqualByComparingTo("5"));

            calls("globex", 1, Instant.parse("2027-03-03T11:50:00Z"));
            assertThat(runner.evaluate(TENANT, rule.id())).extracting(AlertRunnerTest::transition)
                    .containsExactly("tenant ok->firing at 2027-03-03T12:00:00Z value 6 notified");
        }

        @Test
        void eachCustomerKeepsAStateOfItsOwn() {
            customer("globex", "Globex Inc");
            customer("initech", null);
            customer("umbrella", null);
            AlertRule rule = stored("scope", "each_customer", "condition", condition("above", 5, 1));
            calls("globex", 7);
            calls("initech", 2);

            assertThat(runner.evaluate(TENANT, rule.id())).extracting(AlertRunnerTest::transition)
                    .containsExactly("globex ok->firing at 2027-03-03T12:00:00Z value 7 notified");
            assertThat(store.states(TENANT, rule.id())).extracting(stored -> stored.subject().key() + " " + stored.state().state().wireName()
                    + " " + stored.value().orElseThrow().toPlainString()).containsExactly("globex firing 7", "initech ok 2", "umbrella ok 0");

            calls("initech", 4, Instant.parse("2027-03-03T11:40:00Z"));
            clock.advance(Duration.ofMinutes(1));
            assertThat(runner.evaluate(TENANT, rule.id())).extracting(AlertRunnerTest::transition)
                    .containsExactly("initech ok->firing at 2027-03-03T12:01:00Z value 6 notified");
            assertThat(state(rule, customerSubject("globex")).state()).as("still firing since the first evaluation")
                    .isEqualTo(new SubjectState(AlertState.FIRING, 2, NOW));
            assertThat(state(rule, customerSubject("initech")).state()).isEqualTo(new SubjectState(AlertState.FIRING, 1, NOW.plusSeconds(60)));
            assertThat(state(rule, customerSubject("umbrella")).state()).isEqualTo(new SubjectState(AlertState.OK, 0, NOW));
            assertThat(jobs.queued).hasSize(2);
        }

        @Test
        void aCustomerWhoseProcessingIsRestrictedIsNotWatchedUntilLifted() {
            customer("globex", "Globex Inc");
            customer("initech", null);
            Customer initech = customers.find(TENANT, CustomerId.of("initech")).orElseThrow();
            customers.byTenant.get(TENANT).put(initech.id(), Customer.restore(initech.id(), initech.profile(), initech.createdAt(), initech.updatedAt(),
                    Optional.of(NOW.minus(Duration.ofDays(1))), Optional.empty()));
            AlertRule rule = stored("scope", "each_customer", "condition", condition("above", 5, 1));
            calls("globex", 7);
            calls("initech", 9);

            assertThat(runner.evaluate(TENANT, rule.id())).extracting(AlertRunnerTest::transition)
                    .containsExactly("globex ok->firing at 2027-03-03T12:00:00Z value 7 notified");
            assertThat(store.states(TENANT, rule.id())).extracting(stored -> stored.subject().key()).containsExactly("globex");

            customers.byTenant.get(TENANT).put(initech.id(), initech);
            clock.advance(Duration.ofMinutes(1));
            assertThat(runner.evaluate(TENANT, rule.id())).extracting(AlertRunnerTest::transition)
                    .containsExactly("initech ok->firing at 2027-03-03T12:01:00Z value 9 notified");
        }

        @Test
        void aSubjectTheRuleNoLongerWatchesIsForgottenFiringOrNot() {
            customer("globex", "Globex Inc");
            AlertRule rule = stored("scope", java.util.Map.of("customer", "globex"), "condition", condition("above", 5, 1));
            calls("globex", 7);
            runner.evaluate(TENANT, rule.id());
            assertThat(state(rule, customerSubject("globex")).state().state()).isEqualTo(AlertState.FIRING);

            AlertRule tenantWide = rule.change(AlertFakes.rule("scope", "tenant", "condition", condition("above", 100, 1)), "mia", NOW);
            store.update(TENANT, tenantWide);
            clock.advance(Duration.ofMinutes(1));
            assertThat(runner.evaluate(TENANT, rule.id())).isEmpty();
            assertThat(store.states(TENANT, rule.id())).extracting(stored -> stored.subject().key() + " " + stored.state().state().wireName())
                    .containsExactly("tenant ok");
        }

        @Test
        void localDaysAreTheCustomersOwn() {
            // 12:00Z is 02:00 on Thursday in Kiritimati (UTC+14), whose day began at 10:00Z; and 13:00 in Berlin (UTC+1), whose day began at 23:00Z
            customers.upsert(TENANT, CustomerId.of("kiri"), new CustomerProfile(Optional.of("Kiri"), Optional.of(TimeZoneId.of("Pacific/Kiritimati")),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), CustomerStatus.ACTIVE), NOW.minus(Duration.ofDays(30)));
            customers.upsert(TENANT, CustomerId.of("berlin"), new CustomerProfile(Optional.of("Berlin"), Optional.of(TimeZoneId.of("Europe/Berlin")),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), CustomerStatus.ACTIVE), NOW.minus(Duration.ofDays(30)));
            calls("kiri", 4, Instant.parse("2027-03-03T09:00:00Z"), Duration.ofMinutes(30));
            calls("berlin", 4, Instant.parse("2027-03-02T22:30:00Z"), Duration.ofMinutes(30));
            AlertRule rule = stored("scope", "each_customer", "window", "today", "condition", condition("above", 100, 1));

            runner.evaluate(TENANT, rule.id());

            // Kiri: 09:00 and 09:30 were Wednesday there, 10:00 and 10:30 Thursday; Berlin: 22:30 was Tuesday there, the other three Wednesday
            assertThat(state(rule, customerSubject("kiri")).value()).contains(BigDecimal.valueOf(2));
            assertThat(state(rule, customerSubject("berlin")).value()).contains(BigDecimal.valueOf(3));
        }

        @Test
        void aSubjectWhoseDayHasJustBegunKeepsItsStateUntilThereIsSomethingToMeasure() {
            customers.upsert(TENANT, CustomerId.of("kiri"), new CustomerProfile(Optional.of("Kiri"), Optional.of(TimeZoneId.of("Pacific/Kiritimati")),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), CustomerStatus.ACTIVE), NOW.minus(Duration.ofDays(30)));
            calls("kiri", 7, Instant.parse("2027-03-03T10:00:00Z"));
            AlertRule rule = stored("scope", "each_customer", "window", "today", "condition", condition("above", 5, 1));
            runner.evaluate(TENANT, rule.id());
            assertThat(state(rule, customerSubject("kiri")).state().state()).isEqualTo(AlertState.FIRING);

            // midnight in Kiritimati on Thursday → Friday: today is empty, and the subject stays firing rather than seeing no data
            clock.advance(Duration.ofHours(22));
            assertThat(runner.evaluate(TENANT, rule.id())).isEmpty();
            assertThat(state(rule, customerSubject("kiri")).state().state()).isEqualTo(AlertState.FIRING);
            assertThat(state(rule, customerSubject("kiri")).evaluatedAt()).isEqualTo(NOW);
        }

        @Test
        void aMutedRuleRecordsTheTransitionButNotifiesNoOneUntilTheMuteEnds() {
            AlertRule rule = stored("condition", condition("above", 5, 1), "muted_until", "2027-03-03T13:00:00Z");
            calls("globex", 7);

            List<AlertEvent> muted = runner.evaluate(TENANT, rule.id());

            assertThat(muted).extracting(AlertRunnerTest::transition).containsExactly("tenant ok->firing at 2027-03-03T12:00:00Z value 7");
            assertThat(store.notifications(TENANT, muted.getFirst().id())).isEmpty();
            assertThat(jobs.queued).isEmpty();
            assertThat(state(rule, AlertSubject.TENANT).state().state()).isEqualTo(AlertState.FIRING);
            AlertStorePort.EventFilter all = new AlertStorePort.EventFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty());
            assertThat(store.notifiedEvents(TENANT, all, Optional.empty(), 10)).isEmpty();

            // at 13:00 the mute is over, and the hour [12:00, 13:00) holds no call: resolved, and that is notified
            clock.advance(Duration.ofHours(1));
            List<AlertEvent> resolved = runner.evaluate(TENANT, rule.id());

            assertThat(resolved).extracting(AlertRunnerTest::transition).containsExactly("tenant firing->ok at 2027-03-03T13:00:00Z value 0 notified");
            assertThat(jobs.queued).containsExactly(Delivery.idOf(resolved.getFirst().id(), 0));
            assertThat(store.notifiedEvents(TENANT, all, Optional.empty(), 10)).containsExactly(resolved.getFirst());
        }

        @Test
        void evaluatingAgainAtTheSameValuesMakesNoSecondTransition() {
            AlertRule rule = stored("condition", condition("above", 5, 1), "channels",
                    List.of(Map.of("type", "webhook", "url", "https://hooks.acme.test/alerts"), Map.of("type", "storage")));
            calls("globex", 7);

            List<AlertEvent> first = runner.evaluate(TENANT, rule.id());
            List<AlertEvent> again = runner.evaluate(TENANT, rule.id());
            clock.advance(Duration.ofSeconds(30));
            List<AlertEvent> later = runner.evaluate(TENANT, rule.id());

            assertThat(first).hasSize(1);
            assertThat(again).isEmpty();
            assertThat(later).isEmpty();
            assertThat(store.events(TENANT)).containsExactly(first.getFirst());
            assertThat(jobs.queued).as("one notification per channel, handed over once")
                    .containsExactly(Delivery.idOf(first.getFirst().id(), 0), Delivery.idOf(first.getFirst().id(), 1));
            assertThat(state(rule, AlertSubject.TENANT).state()).isEqualTo(new SubjectState(AlertState.FIRING, 3, NOW));
            assertThat(state(rule, AlertSubject.TENANT).evaluatedAt()).isEqualTo(NOW.plusSeconds(30));
        }

        @Test
        void aDisabledOrDeletedRuleIsNotEvaluatedAndHasNoNextEvaluation() {
            AlertRule disabled = stored("enabled", false, "condition", condition("above", 5, 1));
            AlertRule deleted = stored("condition", condition("above", 5, 1));
            store.delete(TENANT, deleted.id());
            calls("globex", 7);

            assertThat(runner.evaluateRule(TENANT, disabled.id())).isEmpty();
            assertThat(runner.evaluateRule(TENANT, deleted.id())).isEmpty();
            assertThat(runner.evaluate(TENANT, disabled.id())).isEmpty();
            assertThat(store.states(TENANT, disabled.id())).isEmpty();
            assertThat(store.lastEvaluation(TENANT, disabled.id())).isEmpty();
            assertThat(store.events(TENANT)).isEmpty();
        }

        @Test
        void aRuleThatCannotBeMeasuredRecordsItsErrorKeepsItsStatesAndIsDueAgainAsUsual() {
            AlertRule rule = stored("metric", "calls_per_seat", "evaluate_every", "5m");

            assertThat(runner.evaluateRule(TENANT, rule.id())).contains(NOW.plus(Duration.ofMinutes(5)));

            assertThat(store.lastEvaluation(TENANT, rule.id())).hasValueSatisfying(last -> {
                assertThat(last.at()).isEqualTo(NOW);
                assertThat(last.error()).hasValueSatisfying(error -> assertThat(error)
                        .startsWith("InvalidValueException: ").contains("'calls_per_seat' is not a metric of this tenant"));
            });
            assertThat(store.states(TENANT, rule.id())).isEmpty();
            assertThat(store.events(TENANT)).isEmpty();
        }
    }

    @Nested
    class Notifications {

        @Test
        void aWebhookThatAnswersSucceedsAndCarriesTheEventIdAsItsWebhookId() {
            tenants.webhookSecrets.put(TENANT, SECRET);
            AlertRule rule = stored("condition", condition("above", 5, 1));
            calls("globex", 7);
            UUID notification = firedNotification(rule);
            AlertEvent fired = store.events(TENANT).getFirst();

            assertThat(runner.attemptNotification(TENANT, notification)).isEmpty();

            Delivery done = store.findNotification(TENANT, notification).orElseThrow();
            assertThat(done.status()).isEqualTo(Delivery.Status.SUCCEEDED);
            assertThat(done.nextAttemptAt()).isEmpty();
            assertThat(done.attempts()).singleElement().satisfies(attempt -> {
                assertThat(attempt.number()).isEqualTo(1);
                assertThat(attempt.at()).isEqualTo(NOW);
                assertThat(attempt.succeeded()).isTrue();
                assertThat(attempt.reply()).contains("HTTP 204");
            });
            assertThat(webhooks.ids).containsExactly(fired.id().toString());
            assertThat(webhooks.secrets).containsExactly(SECRET);
            Map<String, Object> payload = webhooks.payloads.getFirst();
            assertThat(payload).containsEntry("type", "alert.firing").containsEntry("test", false).containsEntry("value", "7")
                    .containsEntry("threshold", "5").containsEntry("unit", "count").containsEntry("summary", "Value: 7 (threshold: above 5)")
                    .containsEntry("subject", Map.of("type", "tenant"));
            assertThat(payload.get("event")).isEqualTo(Map.of("id", fired.id().toString(), "kind", "transition", "at", "2027-03-03T12:00:00Z",
                    "from", "ok", "to", "firing"));
            assertThat(payload.get("rule")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("id", rule.id().toString())
                    .containsEntry("name", "Call spike").containsEntry("severity", "high").containsEntry("metric", "calls")
                    .containsEntry("window", "last_hour").containsEntry("scope", "tenant");

            assertThat(runner.attemptNotification(TENANT, notification)).as("a finished notification is not attempted again").isEmpty();
            assertThat(webhooks.ids).hasSize(1);
            assertThat(audit.entries).isEmpty();
        }

        @Test
        void aFailingWebhookIsRetriedAfterEachWaitThenFailedAndAudited() {
            tenants.webhookSecrets.put(TENANT, SECRET);
            AlertRule rule = stored("condition", condition("above", 5, 1));
            calls("globex", 7);
            UUID notification = firedNotification(rule);
            AlertEvent fired = store.events(TENANT).getFirst();
            for (int i = 0; i < 3; i++) {
                webhooks.outcomes.add(DeliveryOutcome.failure("HTTP 503", "the receiver answered 503"));
            }

            // the backoff is 1m,5m: three attempts in all
            assertThat(runner.attemptNotification(TENANT, notification)).contains(NOW.plus(Duration.ofMinutes(1)));
            Delivery waiting = store.findNotification(TENANT, notification).orElseThrow();
            assertThat(waiting.status()).isEqualTo(Delivery.Status.PENDING);
            assertThat(waiting.nextAttemptAt()).contains(NOW.plus(Duration.ofMinutes(1)));
            assertThat(audit.entries).isEmpty();
            clock.advance(Duration.ofMinutes(1));
            assertThat(runner.attemptNotification(TENANT, notification)).contains(NOW.plus(Duration.ofMinutes(6)));
            clock.advance(Duration.ofMinutes(5));
            assertThat(runner.attemptNotification(TENANT, notification)).isEmpty();

            Delivery failed = store.findNotification(TENANT, notification).orElseThrow();
            assertThat(failed.status()).isEqualTo(Delivery.Status.FAILED);
            assertThat(failed.nextAttemptAt()).isEmpty();
            assertThat(failed.attempts()).extracting(Delivery.Attempt::number).containsExactly(1, 2, 3);
            assertThat(failed.attempts()).extracting(Delivery.Attempt::at).containsExactly(NOW, NOW.plusSeconds(60), NOW.plusSeconds(360));
            assertThat(failed.attempts()).allSatisfy(attempt -> {
                assertThat(attempt.succeeded()).isFalse();
                assertThat(attempt.reply()).contains("HTTP 503");
                assertThat(attempt.error()).contains("the receiver answered 503");
            });
            assertThat(webhooks.ids).hasSize(3).containsOnly(fired.id().toString());
            assertThat(audit.entries).singleElement().satisfies(entry -> {
                assertThat(entry.action()).isEqualTo("alert.notification_failed");
                assertThat(entry.tenant()).isEqualTo(TENANT);
                assertThat(entry.actor()).isEqualTo("alerts");
                assertThat(entry.target()).isEqualTo("alert:" + rule.id());
                assertThat(entry.occurredAt()).isEqualTo(NOW.plusSeconds(360));
                assertThat(entry.requestId()).isEqualTo("notification-" + notification);
                assertThat(entry.details()).containsExactly(Map.entry("event", fired.id().toString()), Map.entry("channel", "webhook"),
                        Map.entry("attempts", 3), Map.entry("error", "the receiver answered 503"));
            });
            assertThat(runner.attemptNotification(TENANT, notification)).isEmpty();
            assertThat(webhooks.ids).hasSize(3);
        }

        @Test
        void withoutASigningSecretAWebhookFailsAtOnceWithoutRetries() {
            AlertRule rule = stored("condition", condition("above", 5, 1));
            calls("globex", 7);
            UUID notification = firedNotification(rule);

            assertThat(runner.attemptNotification(TENANT, notification)).isEmpty();

            Delivery failed = store.findNotification(TENANT, notification).orElseThrow();
            assertThat(failed.status()).isEqualTo(Delivery.Status.FAILED);
            assertThat(failed.attempts()).singleElement().satisfies(attempt -> assertThat(attempt.error())
                    .contains("the tenant has no webhook signing secret (POST /api/v1/tenant/webhook-secret)"));
            assertThat(webhooks.ids).isEmpty();
            assertThat(audit.entries).singleElement().satisfies(entry -> assertThat(entry.details()).containsEntry("attempts", 1));
        }

        @Test
        void anEmailNamesTheCustomerTheValueTheThresholdAndLinksTheCustomer() {
            customer("globex", "Globex Inc");
            AlertRule rule = stored("scope", Map.of("customer", "globex"), "condition",
                    Map.of("op", "above", "threshold", 5, "clear_threshold", 3), "channels", List.of(Map.of("type", "email", "to", List.of("ops@acme.test"))));
            calls("globex", 7);
            calls("initech", 4);
            UUID notification = firedNotification(rule);
            AlertEvent fired = store.events(TENANT).getFirst();

            assertThat(runner.attemptNotification(TENANT, notification)).isEmpty();

            MailSenderPort.Message message = mail.sent.getFirst();
            assertThat(message.to()).containsExactly("ops@acme.test");
            assertThat(message.subject()).isEqualTo("[FIRING · high] Call spike: Globex Inc (globex)");
            assertThat(message.attachments()).isEmpty();
            assertThat(message.text()).isEqualTo("""
                    [FIRING · high] Call spike: Globex Inc (globex)

                    Alert: Call spike
                    Severity: high
                    Subject: Globex Inc (globex)
                    State: ok -> firing
                    Value: 7 (threshold: above 5, clears at 3)
                    Window: last hour
                    At: 2027-03-03 12:00 UTC
                    Customer: https://tally.test/api/v1/customers/globex

                    Sent by Tally, event %s.
                    """.formatted(fired.id()));
            assertThat(message.html()).contains("<title>[FIRING · high] Call spike: Globex Inc (globex)</title>")
                    .contains("<a href=\"https://tally.test/api/v1/customers/globex\">Globex Inc (globex)</a>")
                    .contains("Value: 7 (threshold: above 5, clears at 3)").contains("background:#c4320a");
            assertThat(store.findNotification(TENANT, notification).orElseThrow().attempts().getFirst().reply()).contains("250 2.0.0 OK");

            // at 12:30 the hour [11:30, 12:30) still holds the 7 calls; at 12:34 it holds 3, at the clear threshold: resolved
            clock.advance(Duration.ofMinutes(34));
            assertThat(runner.evaluate(TENANT, rule.id())).extracting(AlertRunnerTest::transition)
                    .containsExactly("globex firing->ok at 2027-03-03T12:34:00Z value 3 notified");
            runner.attemptNotification(TENANT, jobs.queued.getLast());
            assertThat(mail.sent.getLast().subject()).isEqualTo("[RESOLVED · high] Call spike: Globex Inc (globex) is back to normal");
            assertThat(mail.sent.getLast().text()).contains("State: firing -> ok\nValue: 3 (threshold: above 5, clears at 3)\n");
        }

        @Test
        void aFiringRuleStaysFiringWhileTheValueIsBetweenTheClearThresholdAndTheThreshold() {
            AlertRule rule = stored("condition", Map.of("op", "above", "threshold", 5, "clear_threshold", 3));
            calls("globex", 7);
            runner.evaluate(TENANT, rule.id());

            // at 12:33 the hour [11:33, 12:33) holds 4 calls: no breach, but not clear either
            clock.advance(Duration.ofMinutes(33));
            assertThat(runner.evaluate(TENANT, rule.id())).isEmpty();
            assertThat(state(rule, AlertSubject.TENANT).state()).isEqualTo(new SubjectState(AlertState.FIRING, 0, NOW));
            assertThat(jobs.queued).hasSize(1);
        }
    }

    @Nested
    class Sweep {

        /** An event of the rule with one notification to a webhook, due at {@code due}. */
        UUID pending(TenantId tenant, AlertRule rule, Instant due) {
            AlertEvent event = new AlertEvent(ids.get(), AlertEvent.Kind.TRANSITION, Optional.of(rule.id()), "Call spike", Severity.HIGH,
                    AlertSubject.TENANT, AlertState.PENDING, AlertState.FIRING, Optional.of(BigDecimal.valueOf(7)), BigDecimal.valueOf(5), due, true);
            store.addEvent(tenant, event, AlertRunner.notifications(event, rule.definition().channels(), due));
            return Delivery.idOf(event.id(), 0);
        }

        @Test
        void handsOverPendingNotificationsOlderThanAMinuteAndArmsEnabledRulesWithoutAnEvaluation() {
            AlertRule armed = stored();
            AlertRule lost = stored();
            AlertRule disabled = stored("enabled", false);
            AlertRule elsewhere = storedIn(OTHER);
            jobs.armEvaluation(TENANT, armed.id(), NOW.plusSeconds(40));
            UUID old = pending(TENANT, armed, NOW.minus(Duration.ofMinutes(2)));
            UUID otherTenants = pending(OTHER, elsewhere, NOW.minusSeconds(61));
            UUID recent = pending(TENANT, armed, NOW.minusSeconds(59));
            UUID delivered = pending(TENANT, armed, NOW.minus(Duration.ofMinutes(5)));
            store.recordAttempt(TENANT, delivered, new Delivery.Attempt(1, NOW.minus(Duration.ofMinutes(5)), true, Optional.of("HTTP 204"),
                    Optional.empty(), Duration.ofMillis(80)), Delivery.Status.SUCCEEDED, Optional.empty());

            assertThat(runner.sweep()).isEqualTo(4);

            assertThat(jobs.queued).containsExactly(old, otherTenants).doesNotContain(recent, delivered);
            assertThat(jobs.queuedAt).containsEntry(old, NOW).containsEntry(otherTenants, NOW);
            assertThat(jobs.queuedTenants).containsEntry(old, TENANT).containsEntry(otherTenants, OTHER);
            assertThat(jobs.armed).containsEntry(armed.id(), NOW.plusSeconds(40)).containsEntry(lost.id(), NOW).containsEntry(elsewhere.id(), NOW)
                    .doesNotContainKey(disabled.id());
            assertThat(jobs.armedTenants).containsEntry(elsewhere.id(), OTHER);

            // still pending: handed over again (the job runner queues a notification once); every rule is armed now
            assertThat(runner.sweep()).isEqualTo(2);
        }
    }
}
