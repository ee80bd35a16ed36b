package io.tally.application.service.alert;

import io.tally.application.port.in.alert.admin.RunAlertJobsUseCase;
import io.tally.application.port.in.plan.CustomerLimits;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.TenantStorePort;
import io.tally.application.port.out.operations.OperationsTelemetryPort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.port.out.alert.AlertJobsPort;
import io.tally.application.port.out.alert.AlertStorePort;
import io.tally.application.port.out.delivery.DeliveryOutcome;
import io.tally.application.port.out.delivery.DownloadLinkPort;
import io.tally.application.port.out.delivery.MailSenderPort;
import io.tally.application.port.out.delivery.WebhookSenderPort;
import io.tally.application.service.delivery.DeliveryAttempts;
import io.tally.domain.alert.AlertEvent;
import io.tally.domain.alert.AlertRule;
import io.tally.domain.alert.AlertRuleDefinition;
import io.tally.domain.alert.AlertState;
import io.tally.domain.alert.AlertSubject;
import io.tally.domain.alert.Severity;
import io.tally.domain.alert.RuleEvaluation;
import io.tally.domain.alert.SubjectState;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.customer.Customer;
import io.tally.domain.delivery.Channel;
import io.tally.domain.delivery.Delivery;
import io.tally.domain.delivery.RetryBackoff;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Evaluates alert rules and sends their notifications. An evaluation locks the rule's row, measures each subject, moves
 * the states ({@link RuleEvaluation}) and writes every transition with its notifications in the same transaction (an
 * outbox); only then are the notifications handed to the job runner, and a sweep hands over any whose handing-over was
 * lost. However many nodes evaluate a rule, each transition is written once, by the evaluation that saw the state before
 * it. A notification is attempted until it succeeds or its retries are used up, every attempt recorded; its webhook's
 * {@code webhook-id} is the event's id, the same on every retry.
 */
public final class AlertRunner implements RunAlertJobsUseCase {

    private static final int SWEEP_LIMIT = 500;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final AlertStorePort store;
    private final AlertJobsPort jobs;
    private final AlertMeasures measures;
    private final MailSenderPort mail;
    private final WebhookSenderPort webhooks;
    private final DownloadLinkPort links;
    private final CustomerStorePort customers;
    private final TenantStorePort tenantStore;
    private final Function<TenantId, Tenant> tenants;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final DeliveryAttempts attempts;
    private final Supplier<UUID> ids;
    private final Clock clock;

    public AlertRunner(AlertStorePort store, AlertJobsPort jobs, AlertMeasures measures, MailSenderPort mail, WebhookSenderPort webhooks,
                       DownloadLinkPort links, CustomerStorePort customers, TenantStorePort tenantStore, Function<TenantId, Tenant> tenants,
                       AuditLogPort audit, TransactionPort transactions, RetryBackoff backoff, OperationsTelemetryPort telemetry, Supplier<UUID> ids, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.measures = Objects.requireNonNull(measures, "measures");
        this.mail = Objects.requireNonNull(mail, "mail");
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
        this.links = Objects.requireNonNull(links, "links");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.tenantStore = Objects.requireNonNull(tenantStore, "tenantStore");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.attempts = new DeliveryAttempts("alert", backoff, telemetry, clock);
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Instant> evaluateRule(TenantId tenant, UUID rule) {
        Optional<AlertRule> found = store.find(tenant, rule);
        if (found.isEmpty() || !found.get().definition().enabled()) {
            return Optional.empty();
        }
        try {
            evaluate(tenant, rule);
        } catch (RuntimeException failed) {
            // recorded on the rule (GET /api/v1/alerts/{id}); the next evaluation is due as usual
            store.recordFailure(tenant, rule, clock.instant(), DeliveryAttempts.describe(failed));
        }
        return Optional.of(clock.instant().plus(found.get().definition().evaluateEvery()));
    }

    /**
     * Evaluates the rule now under its row lock: the events it made (none when it is gone or disabled), their notifications
     * queued once committed. The states of subjects the rule no longer watches are dropped.
     */
    List<AlertEvent> evaluate(TenantId tenant, UUID ruleId) {
        Tenant owner = tenants.apply(tenant);
        List<AlertEvent> events = transactions.inTransaction(() -> {
            Optional<AlertRule> locked = store.findForUpdate(tenant, ruleId);
            if (locked.isEmpty() || !locked.get().definition().enabled()) {
                return List.<AlertEvent>of();
            }
            AlertRule rule = locked.get();
            AlertRuleDefinition definition = rule.definition();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            AlertMeasures.Measured measured = measures.measure(tenant, owner.settings(), definition, now);
            Map<AlertSubject, Optional<BigDecimal>> values = measured.values();
            // a subject the rule no longer watches (its scope changed, the customer is gone) is forgotten; a skipped one is kept as it is
            Map<AlertSubject, SubjectState> before = new LinkedHashMap<>();
            List<AlertStorePort.StoredState> after = new ArrayList<>();
            for (AlertStorePort.StoredState stored : store.states(tenant, ruleId)) {
                if (values.containsKey(stored.subject())) {
                    before.put(stored.subject(), stored.state());
                } else if (measured.skipped().contains(stored.subject())) {
                    after.add(stored);
                }
            }
            RuleEvaluation evaluation = RuleEvaluation.of(definition, before, values, now);
            List<AlertEvent> made = new ArrayList<>();
            for (RuleEvaluation.Change change : evaluation.changes()) {
                SubjectState.Transition transition = change.transition();
                AlertEvent event = new AlertEvent(ids.get(), AlertEvent.Kind.TRANSITION, Optional.of(ruleId), definition.name(), definition.severity(),
                        change.subject(), transition.from(), transition.to(), transition.value(), definition.condition().threshold(), now,
                        change.notified());
                store.addEvent(tenant, event, change.notified() ? notifications(event, definition.channels(), now) : List.of());
                made.add(event);
            }
            evaluation.states().forEach((subject, state) -> after.add(new AlertStorePort.StoredState(subject, state,
                    values.getOrDefault(subject, Optional.empty()), now)));
            store.saveStates(tenant, ruleId, after, now);
            return made;
        });
        queue(tenant, events);
        return events;
    }

    /** One pending notification per channel of an event, due now. */
    static List<Delivery> notifications(AlertEvent event, List<Channel> channels, Instant now) {
        List<Delivery> notifications = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            notifications.add(new Delivery(Delivery.idOf(event.id(), i), event.id(), i, channels.get(i), Delivery.Status.PENDING, List.of(),
                    Optional.of(now)));
        }
        return notifications;
    }

    /** Hands the notifications of committed events to the job runner. */
    void queue(TenantId tenant, List<AlertEvent> events) {
        Instant now = clock.instant();
        for (AlertEvent event : events) {
            if (event.notified()) {
                for (Delivery notification : store.notifications(tenant, event.id())) {
                    jobs.queueNotification(tenant, notification.id(), now);
                }
            }
        }
    }

    @Override
    public Optional<Instant> attemptNotification(TenantId tenant, UUID notificationId) {
        Optional<Delivery> found = store.findNotification(tenant, notificationId);
        if (found.isEmpty() || found.get().status().isFinished()) {
            return Optional.empty();
        }
        Delivery notification = found.get();
        Optional<AlertEvent> event = store.findEvent(tenant, notification.source());
        if (event.isEmpty()) {
            return Optional.empty();
        }
        int number = notification.attempts().size() + 1;
        DeliveryAttempts.Tried tried = attempts.attempt(number, notification.channel().type(), () -> {
            AlertNotices notice = notices(tenant, event.get());
            return switch (notification.channel()) {
                case Channel.Email email -> mail.send(notice.mail(email.to()));
                case Channel.Webhook webhook -> tenantStore.webhookSecret(tenant)
                        .map(secret -> webhooks.post(webhook.url(), event.get().id().toString(), secret, notice.payload()))
                        .orElseGet(() -> DeliveryOutcome.refused("the tenant has no webhook signing secret (POST /api/v1/tenant/webhook-secret)"));
                case Channel.Storage ignored -> DeliveryOutcome.success("recorded in GET /api/v1/alert-events");
            };
        });
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            store.recordAttempt(tenant, notificationId, tried.attempt(), tried.status(), tried.next());
            if (tried.status() == Delivery.Status.FAILED) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("event", event.get().id().toString());
                details.put("channel", notification.channel().type());
                details.put("attempts", number);
                details.put("error", tried.outcome().error().orElse("failed"));
                audit.append(new AuditEntry(tenant, now, "alerts", "alert.notification_failed",
                        event.get().rule().map(id -> "alert:" + id).orElse("quota"), details, "notification-" + notificationId));
            }
            return null;
        });
        return tried.next();
    }

    /** The content of an event's notifications, from the rule as it is now and the customer's profile. */
    AlertNotices notices(TenantId tenant, AlertEvent event) {
        Optional<AlertRule> rule = event.rule().flatMap(id -> store.find(tenant, id));
        // a quota crossing is a share of the limit; a rule deleted since is told in plain numbers
        MetricUnit unit = event.kind() == AlertEvent.Kind.QUOTA ? MetricUnit.PERCENT : MetricUnit.NUMBER;
        if (event.kind() != AlertEvent.Kind.QUOTA && rule.isPresent()) {
            try {
                unit = measures.unitOf(tenant, rule.get().definition());
            } catch (RuntimeException gone) {
                unit = MetricUnit.NUMBER;
            }
        }
        Optional<String> name = event.subject().customer().flatMap(id -> customers.find(tenant, id)).map(Customer::displayName);
        Optional<URI> link = event.subject().customer().map(id -> links.address("/api/v1/customers/"
                + URLEncoder.encode(id.value(), StandardCharsets.UTF_8).replace("+", "%20")));
        return new AlertNotices(event, rule, unit, rule.flatMap(r -> r.definition().currency()), name, link,
                tenants.apply(tenant).settings().timezone().zone());
    }

    @Override
    public int sweep() {
        Instant now = clock.instant();
        int handed = 0;
        for (AlertStorePort.Pending pending : store.pendingNotifications(now.minusSeconds(60), SWEEP_LIMIT)) {
            jobs.queueNotification(pending.tenant(), pending.notification(), now);
            handed++;
        }
        for (AlertStorePort.Enabled enabled : store.enabled()) {
            if (jobs.armEvaluationIfAbsent(enabled.tenant(), enabled.rule().id(), now)) {
                handed++;
            }
        }
        return handed;
    }

    @Override
    public int checkQuotaAlerts() {
        int made = 0;
        for (TenantId tenant : store.tenantsWithQuotaAlerts()) {
            List<Channel> channels = store.defaultChannels(tenant);
            for (AlertMeasures.QuotaUse use : measures.quotaUses(tenant)) {
                CustomerLimits.LimitUsage usage = use.usage();
                BigDecimal amount = usage.limit().amount();
                for (int pct : usage.limit().alertAtPct()) {
                    if (amount.signum() == 0 || usage.used().multiply(HUNDRED).compareTo(amount.multiply(BigDecimal.valueOf(pct))) < 0) {
                        continue;
                    }
                    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                    AlertEvent event = new AlertEvent(ids.get(), AlertEvent.Kind.QUOTA, Optional.empty(),
                            "Plan limit: " + usage.meterName() + " at " + pct + " % (" + use.plan() + ")", pct >= 100 ? Severity.HIGH : Severity.MEDIUM,
                            AlertSubject.of(use.customer()), AlertState.OK, AlertState.FIRING, usage.percent(), BigDecimal.valueOf(pct), now, true);
                    boolean fresh = transactions.inTransaction(() -> {
                        if (!store.recordQuotaCrossing(tenant, use.customer(), usage.limit().meter().value(), usage.window().start(), pct, event.id())) {
                            return false;
                        }
                        store.addEvent(tenant, event, notifications(event, channels, now));
                        return true;
                    });
                    if (fresh) {
                        queue(tenant, List.of(event));
                        made++;
                    }
                }
            }
        }
        return made;
    }
}
