package io.tally.application.service.alert;

import io.tally.application.port.out.operations.OperationsTelemetryPort;
import io.tally.application.service.delivery.DeliveryFakes;
import static io.tally.application.service.TestData.TENANT;
import static io.tally.application.service.TestData.event;
import static io.tally.application.service.TestData.key;
import static io.tally.application.service.TestData.perCustomer;
import static io.tally.application.service.alert.AlertFakes.condition;
import static io.tally.application.service.alert.AlertFakes.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.application.port.in.Page;
import io.tally.application.port.in.alert.admin.AlertCheck;
import io.tally.application.port.in.alert.AlertCommand;
import io.tally.application.port.in.alert.AlertEventsQuery;
import io.tally.application.port.in.alert.AlertHistoryQuery;
import io.tally.application.port.in.alert.AlertIdCommand;
import io.tally.application.port.in.alert.AlertIdQuery;
import io.tally.application.port.in.alert.AlertView;
import io.tally.application.port.in.alert.ChangeAlertCommand;
import io.tally.application.port.in.alert.admin.CheckAlertsCommand;
import io.tally.application.port.in.alert.ListAlertsQuery;
import io.tally.application.port.out.alert.AlertStorePort;
import io.tally.application.service.InMemoryStores;
import io.tally.application.service.TestClock;
import io.tally.application.service.TestData;
import io.tally.application.service.delivery.ChannelChecks;
import io.tally.application.service.metric.BillingMeasures;
import io.tally.application.service.metric.MetricEngine;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.alert.AlertEvent;
import io.tally.domain.alert.AlertRule;
import io.tally.domain.alert.AlertState;
import io.tally.domain.alert.AlertSubject;
import io.tally.domain.alert.SubjectState;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.billing.MrrPolicy;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.delivery.Delivery;
import io.tally.domain.delivery.RetryBackoff;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.metric.Polarity;
import io.tally.domain.tenant.Tenant;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What managers, analysts and admins do with alert rules, on in-memory ports. Rules measure the built-in {@code calls}
 * meter; it is Wednesday 3 March 2027, 12:00Z, and the tenant (in UTC) had 7 calls between 11:30 and 11:36 when a test
 * asks for them, so a rule "above 5" over the last hour fires at its first evaluation.
 */
class AlertServiceTest {

    static final Instant NOW = Instant.parse("2027-03-03T12:00:00Z");

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
    final InMemoryStores.Transactions transactions = new InMemoryStores.Transactions(audit, store);
    final AlertMeasures measures = new AlertMeasures(new MetricEngine(usage, meters, new BillingMeasures(new InMemoryStores.Billing(customers),
            MrrPolicy.DEFAULT)), metrics, meters, new InMemoryStores.SavedQueries(), customers, query -> {
                throw new AssertionError("no rule here compares with a plan limit");
            }, new InMemoryStores.Plans());
    final AlertRunner runner = new AlertRunner(store, jobs, measures, mail, webhooks, new DeliveryFakes.Links(), customers, tenants,
            id -> tenants.createIfAbsent(Tenant.create(id, NOW)), audit, transactions, RetryBackoff.parse("1m,5m"), OperationsTelemetryPort.NONE, ids, clock);
    final AlertService service = new AlertService(store, jobs, measures, runner, new ChannelChecks(mail, webhooks, tenants),
            id -> tenants.createIfAbsent(Tenant.create(id, NOW)), audit, transactions, ids, clock);

    final Actor manager = TestData.user("mia", Role.MANAGER);
    final Actor analyst = TestData.user("ann", Role.ANALYST);
    final Actor admin = TestData.user("adam", Role.ADMIN);

    @BeforeEach
    void theTenantSignsItsWebhooks() {
        tenants.webhookSecrets.put(TENANT, "whsec_c2VjcmV0");
    }

    /** 7 calls of globex, one a minute from 11:30. */
    void sevenCalls() {
        for (int i = 0; i < 7; i++) {
            event("call", Instant.parse("2027-03-03T11:30:00Z").plus(Duration.ofMinutes(i))).customer("globex").sendTo(events);
        }
    }

    AlertRule define(Object... fields) {
        return service.defineAlert(new AlertCommand(manager, rule(fields))).rule();
    }

    List<String> actions() {
        return audit.entries.stream().map(AuditEntry::action).toList();
    }

    static AlertStorePort.EventFilter between(Optional<Instant> from, Optional<Instant> to) {
        return new AlertStorePort.EventFilter(Optional.empty(), Optional.empty(), Optional.empty(), from, to);
    }

    @Test
    void aManagersNewRuleIsStoredAuditedAndArmedToBeEvaluatedAtOnce() {
        AlertView view = service.defineAlert(new AlertCommand(manager, rule()));

        AlertRule rule = view.rule();
        assertThat(rule.version()).isEqualTo(1);
        assertThat(rule.createdBy()).isEqualTo("mia");
        assertThat(rule.createdAt()).isEqualTo(NOW);
        assertThat(view.states()).isEmpty();
        assertThat(view.lastEvaluation()).isEmpty();
        assertThat(store.find(TENANT, rule.id())).contains(rule);
        assertThat(jobs.armed).containsExactly(Map.entry(rule.id(), NOW));
        assertThat(audit.entries).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("alert.created");
            assertThat(entry.actor()).isEqualTo("mia");
            assertThat(entry.target()).isEqualTo("alert:" + rule.id());
            assertThat(entry.details()).containsEntry("name", "Call spike").containsEntry("metric", "calls").containsEntry("window", "last_hour")
                    .containsEntry("severity", "high").containsEntry("evaluate_every", "1m").containsEntry("enabled", true);
        });
    }

    @Test
    void analystsAndTokensLimitedToCustomersMayNotDefineRules() {
        assertThatThrownBy(() -> service.defineAlert(new AlertCommand(analyst, rule()))).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("managers and above");
        assertThatThrownBy(() -> service.defineAlert(new AlertCommand(TestData.customerUser("cm", Role.MANAGER, "globex"), rule())))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("not limited to customers");
        assertThatThrownBy(() -> service.defineAlert(new AlertCommand(Actor.service(TENANT, "ci", java.util.Set.of("alerts:write"), "req-ci"), rule())))
                .isInstanceOf(ForbiddenException.class);

        assertThat(store.list(TENANT, Optional.empty(), 10)).isEmpty();
        assertThat(jobs.armed).isEmpty();
        assertThat(audit.entries).isEmpty();
    }

    @Test
    void aRuleIsCheckedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> define("metric", "calls_per_seat")).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("'calls_per_seat' is not a metric of this tenant").extracting("field").isEqualTo("metric");
        assertThatThrownBy(() -> define("scope", Map.of("customer", "globex"))).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("'globex' is not a customer of this tenant").extracting("field").isEqualTo("scope.customer");
        assertThatThrownBy(() -> define("channels", List.of(Map.of("type", "storage"), Map.of("type", "webhook", "url", "http://10.0.0.7/x"))))
                .hasMessage("10.0.0.7 is a private address").extracting("field").isEqualTo("channels[1].url");
        mail.configured = false;
        assertThatThrownBy(() -> define("channels", List.of(Map.of("type", "email", "to", List.of("ops@acme.test")))))
                .hasMessageContaining("TALLY_SMTP_URL").extracting("field").isEqualTo("channels[0].type");

        assertThat(store.list(TENANT, Optional.empty(), 10)).isEmpty();
        assertThat(jobs.armed).isEmpty();
        assertThat(audit.entries).isEmpty();

        customers.upsert(TENANT, CustomerId.of("globex"), CustomerProfile.minimal(), NOW);
        assertThat(define("scope", Map.of("customer", "globex")).version()).isEqualTo(1);
    }

    @Test
    void disablingARuleDisarmsItAndEnablingItArmsItAtOnce() {
        AlertRule rule = define();
        clock.advance(Duration.ofHours(1));

        AlertView disabled = service.changeAlert(new ChangeAlertCommand(manager, rule.id(), rule("enabled", false)));

        assertThat(disabled.rule().version()).isEqualTo(2);
        assertThat(disabled.rule().definition().enabled()).isFalse();
        assertThat(disabled.rule().updatedAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(disabled.rule().createdAt()).isEqualTo(NOW);
        assertThat(jobs.armed).doesNotContainKey(rule.id());
        assertThat(audit.entries.getLast().details()).containsEntry("version", 2).containsEntry("enabled", false);

        clock.advance(Duration.ofHours(1));
        AlertView enabled = service.changeAlert(new ChangeAlertCommand(manager, rule.id(), rule("enabled", true, "name", "Call surge")));

        assertThat(enabled.rule().version()).isEqualTo(3);
        assertThat(store.find(TENANT, rule.id()).orElseThrow().definition().name()).isEqualTo("Call surge");
        assertThat(jobs.armed).containsExactly(Map.entry(rule.id(), NOW.plus(Duration.ofHours(2))));
        assertThat(actions()).containsExactly("alert.created", "alert.changed", "alert.changed");
        assertThat(audit.entries).extracting(AuditEntry::target).containsOnly("alert:" + rule.id());
    }

    @Test
    void aDisabledRuleIsDefinedWithoutBeingArmed() {
        AlertRule rule = define("enabled", false);

        assertThat(store.find(TENANT, rule.id())).isPresent();
        assertThat(jobs.armed).isEmpty();
        assertThat(actions()).containsExactly("alert.created");
    }

    @Test
    void deletingARuleDisarmsItDropsItsStatesAndKeepsItsEventsInTheNotifications() {
        AlertRule rule = define();
        sevenCalls();
        List<AlertEvent> fired = runner.evaluate(TENANT, rule.id());

        service.deleteAlert(new AlertIdCommand(manager, rule.id()));

        assertThat(store.find(TENANT, rule.id())).isEmpty();
        assertThat(store.states(TENANT, rule.id())).isEmpty();
        assertThat(jobs.armed).doesNotContainKey(rule.id());
        assertThat(service.listAlertEvents(new AlertEventsQuery(analyst, between(Optional.empty(), Optional.empty()), Optional.empty(), 50))
                .items()).containsExactlyElementsOf(fired);
        assertThat(actions()).containsExactly("alert.created", "alert.deleted");
        assertThat(audit.entries.getLast().target()).isEqualTo("alert:" + rule.id());
        assertThatThrownBy(() -> service.deleteAlert(new AlertIdCommand(manager, rule.id()))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.getAlert(new AlertIdQuery(analyst, rule.id()))).isInstanceOf(NotFoundException.class);
        assertThat(actions()).hasSize(2);
    }

    @Test
    void aTenantHasAtMost200Rules() {
        for (int i = 1; i <= AlertService.MAX_RULES; i++) {
            define("name", "Rule " + i);
        }

        assertThatThrownBy(() -> define("name", "Rule 201")).isInstanceOf(InvalidValueException.class)
                .hasMessage("a tenant has at most 200 alert rules; delete one first").extracting("field").isEqualTo("name");

        assertThat(store.rules.get(TENANT)).hasSize(200);
        assertThat(jobs.armed).hasSize(200);
        assertThat(actions()).hasSize(200).containsOnly("alert.created");
        AlertRule first = store.rules.get(TENANT).firstEntry().getValue();
        service.deleteAlert(new AlertIdCommand(manager, first.id()));
        assertThat(define("name", "Rule 201").definition().name()).as("room for one again").isEqualTo("Rule 201");
    }

    @Test
    void aTestFireBeforeAnyEvaluationIsAboutTheTenantAndQueuesOneNotificationPerChannel() {
        AlertRule rule = define("channels", List.of(Map.of("type", "webhook", "url", "https://hooks.acme.test/alerts"), Map.of("type", "storage")));

        AlertEvent test = service.testAlert(new AlertIdCommand(manager, rule.id()));

        assertThat(test.kind()).isEqualTo(AlertEvent.Kind.TEST);
        assertThat(test.notified()).isTrue();
        assertThat(test.rule()).contains(rule.id());
        assertThat(test.subject()).isEqualTo(AlertSubject.TENANT);
        assertThat(test.from()).isEqualTo(AlertState.OK);
        assertThat(test.to()).isEqualTo(AlertState.OK);
        assertThat(test.value()).isEmpty();
        assertThat(test.threshold()).isEqualByComparingTo("5");
        assertThat(test.at()).isEqualTo(NOW);
        assertThat(store.notifications(TENANT, test.id())).extracting(Delivery::position, Delivery::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, Delivery.Status.PENDING), org.assertj.core.groups.Tuple.tuple(1,
                        Delivery.Status.PENDING));
        assertThat(jobs.queued).containsExactly(Delivery.idOf(test.id(), 0), Delivery.idOf(test.id(), 1));
        assertThat(store.states(TENANT, rule.id())).isEmpty();
        assertThat(store.lastEvaluation(TENANT, rule.id())).isEmpty();
        assertThat(audit.entries.getLast()).satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("alert.tested");
            assertThat(entry.target()).isEqualTo("alert:" + rule.id());
            assertThat(entry.details()).isEqualTo(Map.of("name", "Call spike", "event", test.id().toString()));
        });

        runner.attemptNotification(TENANT, jobs.queued.getFirst());
        assertThat(webhooks.payloads.getFirst()).containsEntry("type", "alert.test").containsEntry("test", true).containsEntry("value", null)
                .containsEntry("summary", "Value: no data (threshold: above 5)");
        assertThat(webhooks.ids).containsExactly(test.id().toString());
    }

    @Test
    void aTestFireOfARuleOverEachCustomerIsAboutAFiringCustomer() {
        for (String id : List.of("acme", "globex", "umbrella")) {
            customers.upsert(TENANT, CustomerId.of(id), CustomerProfile.minimal(), NOW.minus(Duration.ofDays(30)));
        }
        AlertRule rule = define("scope", "each_customer");
        sevenCalls();
        runner.evaluate(TENANT, rule.id());

        // every state changed at the same evaluation: the firing customer is the one the test is about
        AlertEvent test = service.testAlert(new AlertIdCommand(manager, rule.id()));

        assertThat(test.subject().key()).isEqualTo("globex");
        assertThat(test.from()).isEqualTo(AlertState.FIRING);
        assertThat(test.value()).contains(BigDecimal.valueOf(7));
    }

    @Test
    void aTestFireOfAMutedFiringRuleSaysSoIsNotifiedAndChangesNoState() {
        AlertRule rule = define("muted_until", "2027-03-04T00:00:00Z");
        sevenCalls();
        List<AlertEvent> fired = runner.evaluate(TENANT, rule.id());
        List<AlertStorePort.StoredState> before = store.states(TENANT, rule.id());
        clock.advance(Duration.ofMinutes(1));

        AlertEvent test = service.testAlert(new AlertIdCommand(manager, rule.id()));

        assertThat(fired).singleElement().satisfies(event -> assertThat(event.notified()).as("muted").isFalse());
        assertThat(test.from()).isEqualTo(AlertState.FIRING);
        assertThat(test.to()).isEqualTo(AlertState.FIRING);
        assertThat(test.value()).hasValueSatisfying(value -> assertThat(value).isEqualByComparingTo("7"));
        assertThat(test.notified()).isTrue();
        assertThat(test.at()).isEqualTo(NOW.plusSeconds(60));
        assertThat(jobs.queued).containsExactly(Delivery.idOf(test.id(), 0));
        assertThat(store.states(TENANT, rule.id())).isEqualTo(before);
        assertThat(before).singleElement().satisfies(stored -> assertThat(stored.state()).isEqualTo(new SubjectState(AlertState.FIRING, 1, NOW)));
        Page<AlertEvent> history = service.listAlertHistory(new AlertHistoryQuery(analyst, rule.id(), Optional.empty(), 50));
        assertThat(history.items()).extracting(AlertEvent::kind).containsExactly(AlertEvent.Kind.TEST, AlertEvent.Kind.TRANSITION);
        assertThat(service.listAlertEvents(new AlertEventsQuery(analyst, between(Optional.empty(), Optional.empty()), Optional.empty(), 50))
                .items()).as("the muted transition was not notified; the test was").containsExactly(test);
    }

    @Test
    void aRuleWithoutChannelsCannotBeTestFired() {
        AlertRule rule = define("channels", null);

        assertThatThrownBy(() -> service.testAlert(new AlertIdCommand(manager, rule.id()))).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("the rule has no channels to test").extracting("field").isEqualTo("channels");

        assertThat(store.events(TENANT)).isEmpty();
        assertThat(jobs.queued).isEmpty();
        assertThat(actions()).containsExactly("alert.created");
        assertThatThrownBy(() -> service.testAlert(new AlertIdCommand(analyst, rule.id()))).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void checkingAlertsIsForAdminsAndEvaluatesEveryEnabledRuleOnly() {
        AlertRule spike = define("condition", condition("above", 5, 1));
        AlertRule quiet = define("name", "Quiet", "condition", condition("above", 100, 1));
        AlertRule paused = define("name", "Paused", "enabled", false);
        sevenCalls();

        assertThatThrownBy(() -> service.checkAlerts(new CheckAlertsCommand(manager))).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("admins");
        assertThatThrownBy(() -> service.checkAlerts(new CheckAlertsCommand(TestData.customerUser("ca", Role.ADMIN, "globex"))))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("not limited to customers");
        assertThat(store.lastEvaluation(TENANT, spike.id())).isEmpty();

        List<AlertCheck> checks = service.checkAlerts(new CheckAlertsCommand(admin));

        assertThat(checks).extracting(AlertCheck::rule, AlertCheck::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple(spike.id(), "Call spike"), org.assertj.core.groups.Tuple.tuple(quiet.id(), "Quiet"));
        assertThat(checks.get(0).events()).singleElement().satisfies(event -> {
            assertThat(event.from()).isEqualTo(AlertState.OK);
            assertThat(event.to()).isEqualTo(AlertState.FIRING);
        });
        assertThat(checks.get(1).events()).isEmpty();
        assertThat(checks).allSatisfy(check -> assertThat(check.error()).isEmpty());
        assertThat(store.lastEvaluation(TENANT, quiet.id())).contains(new AlertStorePort.LastEvaluation(NOW, Optional.empty()));
        assertThat(store.lastEvaluation(TENANT, paused.id())).isEmpty();
        assertThat(store.states(TENANT, paused.id())).isEmpty();
        assertThat(jobs.queued).containsExactly(Delivery.idOf(checks.get(0).events().getFirst().id(), 0));
        assertThat(audit.entries.getLast()).satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("alert.checked");
            assertThat(entry.actor()).isEqualTo("adam");
            assertThat(entry.target()).isEqualTo("alerts");
            assertThat(entry.details()).isEqualTo(Map.of("rules", 2, "transitions", 1));
        });
    }

    @Test
    void aRuleThatCannotBeMeasuredIsReportedByTheCheckWhileTheOthersAreEvaluated() {
        metrics.create(TENANT, new Metric(key("calls_per_customer"), "Calls per customer", Optional.empty(), MetricUnit.NUMBER,
                Polarity.HIGHER_IS_BETTER, Optional.empty(), perCustomer("calls"), false), NOW);
        AlertRule perCustomer = define("name", "Busy customers", "metric", "calls_per_customer");
        AlertRule spike = define("condition", condition("above", 5, 1));
        metrics.delete(TENANT, key("calls_per_customer"));
        sevenCalls();

        List<AlertCheck> checks = service.checkAlerts(new CheckAlertsCommand(admin));

        assertThat(checks).extracting(AlertCheck::rule).containsExactly(perCustomer.id(), spike.id());
        assertThat(checks.get(0).events()).isEmpty();
        assertThat(checks.get(0).error()).hasValueSatisfying(error -> assertThat(error).contains("'calls_per_customer' is not a metric of this tenant"));
        assertThat(store.lastEvaluation(TENANT, perCustomer.id())).hasValueSatisfying(last -> assertThat(last.error()).isEqualTo(checks.get(0).error()));
        assertThat(checks.get(1).events()).hasSize(1);
        assertThat(audit.entries.getLast().details()).isEqualTo(Map.of("rules", 2, "transitions", 1));
    }

    @Test
    void theNotificationsListRejectsAToThatIsNotAfterFromAndCountsFromInAndToOut() {
        AlertRule rule = define();
        sevenCalls();
        AlertEvent fired = runner.evaluate(TENANT, rule.id()).getFirst();

        assertThatThrownBy(() -> service.listAlertEvents(new AlertEventsQuery(analyst, between(Optional.of(NOW), Optional.of(NOW)), Optional.empty(),
                50))).isInstanceOf(InvalidValueException.class).hasMessage("must be after from").extracting("field").isEqualTo("to");
        assertThatThrownBy(() -> service.listAlertEvents(new AlertEventsQuery(analyst, between(Optional.of(NOW), Optional.of(NOW.minusSeconds(1))),
                Optional.empty(), 50))).isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("to");

        assertThat(service.listAlertEvents(new AlertEventsQuery(analyst, between(Optional.of(NOW), Optional.of(NOW.plusSeconds(1))), Optional.empty(),
                50)).items()).containsExactly(fired);
        assertThat(service.listAlertEvents(new AlertEventsQuery(analyst, between(Optional.of(NOW.minusSeconds(1)), Optional.of(NOW)), Optional.empty(),
                50)).items()).isEmpty();
        assertThatThrownBy(() -> service.listAlertEvents(new AlertEventsQuery(TestData.user("vic", Role.VIEWER), between(Optional.empty(),
                Optional.empty()), Optional.empty(), 50))).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void analystsReadRulesWithTheirStatesPageByPageAndViewersDoNot() {
        AlertRule first = define("condition", condition("above", 5, 1));
        AlertRule second = define("name", "Second");
        AlertRule third = define("name", "Third");
        sevenCalls();
        runner.evaluate(TENANT, first.id());
        clock.advance(Duration.ofMinutes(1));
        runner.evaluate(TENANT, first.id());

        AlertView view = service.getAlert(new AlertIdQuery(analyst, first.id()));
        Page<AlertView> page = service.listAlerts(new ListAlertsQuery(analyst, Optional.empty(), 2));
        Page<AlertView> rest = service.listAlerts(new ListAlertsQuery(analyst, Optional.of(page.items().getLast().rule().id()), 2));

        assertThat(view.states()).singleElement().satisfies(stored -> {
            assertThat(stored.subject()).isEqualTo(AlertSubject.TENANT);
            assertThat(stored.state()).isEqualTo(new SubjectState(AlertState.FIRING, 2, NOW));
            assertThat(stored.evaluatedAt()).isEqualTo(NOW.plusSeconds(60));
        });
        assertThat(view.lastEvaluation()).contains(new AlertStorePort.LastEvaluation(NOW.plusSeconds(60), Optional.empty()));
        assertThat(page.items()).extracting(item -> item.rule().id()).containsExactly(first.id(), second.id());
        assertThat(page.hasMore()).isTrue();
        assertThat(rest.items()).extracting(item -> item.rule().id()).containsExactly(third.id());
        assertThat(rest.hasMore()).isFalse();
        assertThat(service.listAlertHistory(new AlertHistoryQuery(analyst, first.id(), Optional.empty(), 50)).items())
                .extracting(event -> event.from() + "->" + event.to()).containsExactly("OK->FIRING");
        Actor viewer = TestData.user("vic", Role.VIEWER);
        assertThatThrownBy(() -> service.getAlert(new AlertIdQuery(viewer, first.id()))).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("analysts and above");
        assertThatThrownBy(() -> service.listAlerts(new ListAlertsQuery(TestData.customerUser("cu", Role.ANALYST, "globex"), Optional.empty(), 2)))
                .isInstanceOf(ForbiddenException.class);
    }
}
