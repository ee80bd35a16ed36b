package io.tally.application.service.target;

import io.tally.application.port.in.target.GetTargetsUseCase;
import io.tally.application.port.in.target.SetTargetsCommand;
import io.tally.application.port.in.target.SetTargetsUseCase;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.MeterStorePort;
import io.tally.application.port.out.MetricStorePort;
import io.tally.application.port.out.MetricTargetStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.service.insight.TargetAssessor;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.analytics.BuiltInMeters;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.common.UnprocessableException;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricCatalog;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.target.MetricTarget;
import io.tally.domain.target.TargetAssessment;
import io.tally.domain.target.TargetShape;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Targets on metrics: set as a whole per metric (manager and above), checked (the metric exists and has a shape a period
 * can be projected in, a money metric's target names its currency and no other does, customers exist and the caller may
 * see them, no goal twice), and audited with the targets before and after, in one transaction.
 */
public final class TargetService implements SetTargetsUseCase, GetTargetsUseCase {

    static final String TARGETS_CHANGED = "metric.targets_changed";

    private final MetricTargetStorePort targets;
    private final MetricStorePort metrics;
    private final MeterStorePort meters;
    private final CustomerStorePort customers;
    private final TargetAssessor assessor;
    private final Consumer<TenantId> tenants;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Clock clock;

    public TargetService(MetricTargetStorePort targets, MetricStorePort metrics, MeterStorePort meters, CustomerStorePort customers,
                         TargetAssessor assessor, Consumer<TenantId> tenants, AuditLogPort audit, TransactionPort transactions, Clock clock) {
        this.targets = Objects.requireNonNull(targets, "targets");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.assessor = Objects.requireNonNull(assessor, "assessor");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<MetricTarget> setTargets(SetTargetsCommand command) {
        Actor actor = command.actor();
        actor.requireRole(Role.MANAGER, "targets are set by managers and above");
        TenantId tenant = actor.tenant();
        tenants.accept(tenant);
        Metric metric = metric(tenant, command.metric());
        MetricCatalog catalog = MetricCatalog.of(metrics.list(tenant));
        if (!command.targets().isEmpty()
                && TargetShape.of(metric, catalog, key -> BuiltInMeters.find(key).or(() -> meters.find(tenant, key))).isEmpty()) {
            throw new UnprocessableException("'" + metric.key() + "' takes no target: " + TargetShape.NO_SHAPE);
        }
        if (command.targets().size() > MetricTarget.MAX_PER_METRIC) {
            throw new InvalidValueException("targets", "a metric carries at most " + MetricTarget.MAX_PER_METRIC + " targets");
        }
        List<MetricTarget> checked = new ArrayList<>();
        for (int i = 0; i < command.targets().size(); i++) {
            MetricTarget target = command.targets().get(i);
            String field = "targets[" + i + "]";
            if (!target.metric().equals(metric.key())) {
                throw new InvalidValueException(field + ".metric", "must be the metric of the path, '" + metric.key() + "'");
            }
            if (metric.unit() == MetricUnit.MONEY && target.currency().isEmpty()) {
                throw new InvalidValueException(field + ".currency", "is required: '" + metric.key() + "' is money, and a target is in one currency");
            }
            if (metric.unit() != MetricUnit.MONEY && target.currency().isPresent()) {
                throw new InvalidValueException(field + ".currency", "is for money metrics only; '" + metric.key() + "' is "
                        + metric.unit().wireName());
            }
            if (target.customer().isPresent()) {
                if (!actor.canSee(target.customer().get()) || customers.find(tenant, target.customer().get()).isEmpty()) {
                    throw new NotFoundException("customer", target.customer().get().value());
                }
            } else if (actor.customers().isRestricted()) {
                throw new InvalidValueException(field + ".customer", "is required for a customer-scoped token: it may set its customers' targets only");
            }
            if (checked.stream().anyMatch(target::sameSlot)) {
                throw new InvalidValueException(field, "repeats a target: one per customer, period, comparison and currency");
            }
            checked.add(target);
        }
        return transactions.inTransaction(() -> {
            List<MetricTarget> before = targets.list(tenant, metric.key());
            List<MetricTarget> kept = new ArrayList<>(checked);
            if (actor.customers().isRestricted()) {
                // a customer-scoped token replaces its own customers' targets and leaves the others alone
                before.stream().filter(target -> target.customer().isEmpty() || !actor.canSee(target.customer().get())).forEach(kept::add);
            }
            targets.replace(tenant, metric.key(), kept, clock.instant());
            audit.append(AuditEntry.of(actor, clock.instant(), TARGETS_CHANGED, "metric:" + metric.key().value(),
                    Map.of("from", before.stream().map(TargetService::describe).toList(), "to", kept.stream().map(TargetService::describe).toList())));
            return targets.list(tenant, metric.key()).stream().filter(target -> target.customer().map(actor::canSee).orElse(true)).toList();
        });
    }

    @Override
    public List<TargetAssessment> getTargets(Actor actor, MetricKey key) {
        tenants.accept(actor.tenant());
        Metric metric = metric(actor.tenant(), key);
        List<MetricTarget> visible = targets.list(actor.tenant(), metric.key()).stream()
                .filter(target -> target.customer().map(actor::canSee).orElse(!actor.customers().isRestricted())).toList();
        return assessor.assess(actor, visible);
    }

    private Metric metric(TenantId tenant, MetricKey key) {
        return MetricCatalog.of(metrics.list(tenant)).find(key).orElseThrow(() -> new NotFoundException("metric", key.value()));
    }

    /** A target as audit details, in the API's shape. */
    static Map<String, Object> describe(MetricTarget target) {
        Map<String, Object> json = new LinkedHashMap<>();
        target.customer().ifPresent(customer -> json.put("customer", customer.value()));
        json.put("period", target.period().wireName());
        json.put("comparison", target.comparison().wireName());
        json.put("value", target.value().toPlainString());
        target.currency().ifPresent(currency -> json.put("currency", currency.value()));
        return json;
    }
}
