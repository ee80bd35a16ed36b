package io.tally.application.service.alert;

import io.tally.application.port.in.Page;
import io.tally.application.port.in.alert.admin.AlertChannelsCommand;
import io.tally.application.port.in.alert.admin.AlertChannelsQuery;
import io.tally.application.port.in.alert.admin.AlertCheck;
import io.tally.application.port.in.alert.AlertCommand;
import io.tally.application.port.in.alert.AlertEventsQuery;
import io.tally.application.port.in.alert.AlertHistoryQuery;
import io.tally.application.port.in.alert.AlertIdCommand;
import io.tally.application.port.in.alert.AlertIdQuery;
import io.tally.application.port.in.alert.AlertView;
import io.tally.application.port.in.alert.ChangeAlertCommand;
import io.tally.application.port.in.alert.ChangeAlertUseCase;
import io.tally.application.port.in.alert.admin.CheckAlertsCommand;
import io.tally.application.port.in.alert.admin.CheckAlertsUseCase;
import io.tally.application.port.in.alert.DefineAlertUseCase;
import io.tally.application.port.in.alert.DeleteAlertUseCase;
import io.tally.application.port.in.alert.GetAlertUseCase;
import io.tally.application.port.in.alert.ListAlertsQuery;
import io.tally.application.port.in.alert.ListAlertsUseCase;
import io.tally.application.port.in.alert.admin.TenantAlertChannelsUseCase;
import io.tally.application.port.in.alert.TestAlertUseCase;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.port.out.alert.AlertJobsPort;
import io.tally.application.port.out.alert.AlertStorePort;
import io.tally.application.service.delivery.ChannelChecks;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.alert.AlertEvent;
import io.tally.domain.alert.AlertRule;
import io.tally.domain.alert.AlertRuleDefinition;
import io.tally.domain.alert.AlertScope;
import io.tally.domain.alert.AlertState;
import io.tally.domain.alert.AlertSubject;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.delivery.Channel;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Alert rules as managers define them: checked when saved (the figure can be measured, the customer exists, the channels
 * may be used), armed on the job runner to be evaluated at once and every {@code evaluate_every}, test-fired, deleted; every
 * change audited. Analysts and above read rules, their states and history, and the notifications; admins evaluate every rule
 * on request. Rules watch the whole tenant, so tokens limited to customers get 403.
 */
public final class AlertService implements DefineAlertUseCase, ChangeAlertUseCase, DeleteAlertUseCase, GetAlertUseCase, ListAlertsUseCase,
        TestAlertUseCase, CheckAlertsUseCase, TenantAlertChannelsUseCase {

    /** Rules a tenant may have. */
    public static final int MAX_RULES = 200;

    private final AlertStorePort store;
    private final AlertJobsPort jobs;
    private final AlertMeasures measures;
    private final AlertRunner runner;
    private final ChannelChecks channels;
    private final Function<TenantId, Tenant> tenants;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Supplier<UUID> ids;
    private final Clock clock;

    public AlertService(AlertStorePort store, AlertJobsPort jobs, AlertMeasures measures, AlertRunner runner, ChannelChecks channels,
                        Function<TenantId, Tenant> tenants, AuditLogPort audit, TransactionPort transactions, Supplier<UUID> ids, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.measures = Objects.requireNonNull(measures, "measures");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.channels = Objects.requireNonNull(channels, "channels");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public AlertView defineAlert(AlertCommand command) {
        Actor actor = command.actor();
        requireManager(actor);
        tenants.apply(actor.tenant());
        check(actor.tenant(), command.definition());
        Instant now = clock.instant();
        AlertRule rule = AlertRule.create(ids.get(), command.definition(), actor.subject(), now);
        transactions.inTransaction(() -> {
            if (store.list(actor.tenant(), Optional.empty(), MAX_RULES).size() >= MAX_RULES) {
                throw new InvalidValueException("name", "a tenant has at most " + MAX_RULES + " alert rules; delete one first");
            }
            store.create(actor.tenant(), rule);
            audit.append(AuditEntry.of(actor, now, "alert.created", target(rule.id()), details(rule)));
            return null;
        });
        armed(actor.tenant(), rule, now);
        return view(actor.tenant(), rule);
    }

    @Override
    public AlertView changeAlert(ChangeAlertCommand command) {
        Actor actor = command.actor();
        requireManager(actor);
        tenants.apply(actor.tenant());
        check(actor.tenant(), command.definition());
        Instant now = clock.instant();
        AlertRule changed = transactions.inTransaction(() -> {
            AlertRule existing = store.findForUpdate(actor.tenant(), command.id()).orElseThrow(() -> notFound(command.id()));
            AlertRule next = existing.change(command.definition(), actor.subject(), now);
            store.update(actor.tenant(), next);
            Map<String, Object> details = details(next);
            details.put("version", next.version());
            audit.append(AuditEntry.of(actor, now, "alert.changed", target(next.id()), details));
            return next;
        });
        armed(actor.tenant(), changed, now);
        return view(actor.tenant(), changed);
    }

    @Override
    public void deleteAlert(AlertIdCommand command) {
        Actor actor = command.actor();
        requireManager(actor);
        tenants.apply(actor.tenant());
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            AlertRule existing = store.findForUpdate(actor.tenant(), command.id()).orElseThrow(() -> notFound(command.id()));
            store.delete(actor.tenant(), command.id());
            audit.append(AuditEntry.of(actor, now, "alert.deleted", target(existing.id()), details(existing)));
            return null;
        });
        jobs.disarmEvaluation(command.id());
    }

    @Override
    public AlertView getAlert(AlertIdQuery query) {
        requireReader(query.actor());
        tenants.apply(query.actor().tenant());
        AlertRule rule = store.find(query.actor().tenant(), query.id()).orElseThrow(() -> notFound(query.id()));
        return view(query.actor().tenant(), rule);
    }

    @Override
    public Page<AlertView> listAlerts(ListAlertsQuery query) {
        requireReader(query.actor());
        TenantId tenant = query.actor().tenant();
        tenants.apply(tenant);
        Page<AlertRule> page = Page.fromLookahead(store.list(tenant, query.after(), query.limit() + 1), query.limit());
        return new Page<>(page.items().stream().map(rule -> view(tenant, rule)).toList(), page.hasMore());
    }

    @Override
    public Page<AlertEvent> listAlertHistory(AlertHistoryQuery query) {
        requireReader(query.actor());
        TenantId tenant = query.actor().tenant();
        tenants.apply(tenant);
        store.find(tenant, query.id()).orElseThrow(() -> notFound(query.id()));
        return Page.fromLookahead(store.history(tenant, query.id(), query.before(), query.limit() + 1), query.limit());
    }

    @Override
    public Page<AlertEvent> listAlertEvents(AlertEventsQuery query) {
        requireReader(query.actor());
        TenantId tenant = query.actor().tenant();
        tenants.apply(tenant);
        AlertStorePort.EventFilter filter = query.filter();
        if (filter.from().isPresent() && filter.to().isPresent() && !filter.to().get().isAfter(filter.from().get())) {
            throw new InvalidValueException("to", "must be after from");
        }
        return Page.fromLookahead(store.notifiedEvents(tenant, filter, query.before(), query.limit() + 1), query.limit());
    }

    /**
     * A test notification through the rule's channels, muted or not: about a firing subject if there is one, else the subject
     * whose state changed last (the rule's one customer, or the tenant, before any evaluation), with its last value;
     * recorded in the history as a test.
     */
    @Override
    public AlertEvent testAlert(AlertIdCommand command) {
        Actor actor = command.actor();
        requireManager(actor);
        TenantId tenant = actor.tenant();
        tenants.apply(tenant);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        AlertEvent event = transactions.inTransaction(() -> {
            AlertRule rule = store.find(tenant, command.id()).orElseThrow(() -> notFound(command.id()));
            AlertRuleDefinition definition = rule.definition();
            if (definition.channels().isEmpty()) {
                throw new InvalidValueException("channels", "the rule has no channels to test; add one with PUT /api/v1/alerts/" + rule.id());
            }
            Optional<AlertStorePort.StoredState> latest = store.states(tenant, rule.id()).stream()
                    .max(Comparator.comparing((AlertStorePort.StoredState stored) -> stored.state().state() == AlertState.FIRING)
                            .thenComparing(stored -> stored.state().since()));
            AlertSubject subject = latest.map(AlertStorePort.StoredState::subject).orElse(definition.scope() instanceof AlertScope.Customer one
                    ? AlertSubject.of(one.customer()) : AlertSubject.TENANT);
            AlertState state = latest.map(stored -> stored.state().state()).orElse(AlertState.OK);
            AlertEvent test = new AlertEvent(ids.get(), AlertEvent.Kind.TEST, Optional.of(rule.id()), definition.name(), definition.severity(),
                    subject, state, state, latest.flatMap(AlertStorePort.StoredState::value), definition.condition().threshold(), now, true);
            store.addEvent(tenant, test, AlertRunner.notifications(test, definition.channels(), now));
            audit.append(AuditEntry.of(actor, now, "alert.tested", target(rule.id()), Map.of("name", definition.name(), "event", test.id().toString())));
            return test;
        });
        runner.queue(tenant, List.of(event));
        return event;
    }

    @Override
    public List<AlertCheck> checkAlerts(CheckAlertsCommand command) {
        Actor actor = command.actor();
        actor.requireRole(Role.ADMIN, "evaluating every alert rule on request is for admins and above");
        requireWholeTenant(actor);
        TenantId tenant = actor.tenant();
        tenants.apply(tenant);
        List<AlertCheck> checks = new ArrayList<>();
        Optional<UUID> after = Optional.empty();
        while (true) {
            List<AlertRule> page = store.list(tenant, after, MAX_RULES + 1);
            for (AlertRule rule : page.stream().limit(MAX_RULES).toList()) {
                if (!rule.definition().enabled()) {
                    continue;
                }
                try {
                    checks.add(new AlertCheck(rule.id(), rule.definition().name(), runner.evaluate(tenant, rule.id()), Optional.empty()));
                } catch (RuntimeException failed) {
                    String error = failed.getMessage() == null ? failed.getClass().getSimpleName() : failed.getMessage();
                    store.recordFailure(tenant, rule.id(), clock.instant(), error);
                    checks.add(new AlertCheck(rule.id(), rule.definition().name(), List.of(), Optional.of(error)));
                }
            }
            if (page.size() <= MAX_RULES) {
                break;
            }
            after = Optional.of(page.get(MAX_RULES - 1).id());
        }
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            audit.append(AuditEntry.of(actor, now, "alert.checked", "alerts", Map.of("rules", checks.size(),
                    "transitions", checks.stream().mapToInt(check -> check.events().size()).sum())));
            return null;
        });
        return checks;
    }

    @Override
    public List<Channel> alertChannels(AlertChannelsQuery query) {
        requireReader(query.actor());
        tenants.apply(query.actor().tenant());
        return store.defaultChannels(query.actor().tenant());
    }

    @Override
    public List<Channel> setAlertChannels(AlertChannelsCommand command) {
        Actor actor = command.actor();
        actor.requireRole(Role.ADMIN, "the tenant's alert channels are set by admins and above");
        requireWholeTenant(actor);
        tenants.apply(actor.tenant());
        channels.check(actor.tenant(), command.channels());
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            List<Channel> before = store.defaultChannels(actor.tenant());
            store.saveDefaultChannels(actor.tenant(), command.channels());
            audit.append(AuditEntry.of(actor, now, "tenant.alert_channels_changed", actor.tenant().value(), Map.of(
                    "from", before.stream().map(Channel::json).toList(), "to", command.channels().stream().map(Channel::json).toList())));
            return null;
        });
        return command.channels();
    }

    private void check(TenantId tenant, AlertRuleDefinition definition) {
        measures.check(tenant, definition);
        channels.check(tenant, definition.channels());
    }

    /** The rule evaluated at once (its first evaluation) and then every evaluate_every, or disarmed while disabled. */
    private void armed(TenantId tenant, AlertRule rule, Instant now) {
        if (rule.definition().enabled()) {
            jobs.armEvaluation(tenant, rule.id(), now);
        } else {
            jobs.disarmEvaluation(rule.id());
        }
    }

    private AlertView view(TenantId tenant, AlertRule rule) {
        return new AlertView(rule, store.states(tenant, rule.id()), store.lastEvaluation(tenant, rule.id()));
    }

    private static String target(UUID id) {
        return "alert:" + id;
    }

    private static Map<String, Object> details(AlertRule rule) {
        return new LinkedHashMap<>(rule.definition().json());
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("alert", id.toString());
    }

    /** Managers and above define, change, test and delete rules. */
    private static void requireManager(Actor actor) {
        actor.requireRole(Role.MANAGER, "alert rules are defined and changed by managers and above");
        requireWholeTenant(actor);
    }

    /** Analysts and above see rules, their states, history and notifications. */
    private static void requireReader(Actor actor) {
        actor.requireRole(Role.ANALYST, "alert rules are seen by analysts and above");
        requireWholeTenant(actor);
    }

    private static void requireWholeTenant(Actor actor) {
        if (actor.customers().isRestricted()) {
            throw new ForbiddenException("alert rules watch the whole tenant: they need a token that is not limited to customers");
        }
    }
}
