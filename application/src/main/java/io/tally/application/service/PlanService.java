package io.tally.application.service;

import io.tally.application.port.in.plan.ChangePlanCommand;
import io.tally.application.port.in.plan.ChangePlanUseCase;
import io.tally.application.port.in.plan.DefinePlanCommand;
import io.tally.application.port.in.plan.DefinePlanUseCase;
import io.tally.application.port.in.plan.GetPlanQuery;
import io.tally.application.port.in.plan.GetPlanUseCase;
import io.tally.application.port.in.plan.ListPlansQuery;
import io.tally.application.port.in.plan.ListPlansUseCase;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.PlanStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.Aggregation;
import io.tally.domain.analytics.Meter;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.ConflictException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.plan.Plan;
import io.tally.domain.plan.PlanLimit;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Plans and their limits. A limit names a meter of the tenant that adds usage up ({@code count} or
 * {@code sum}, not grouped): a maximum, a latest value or an average cannot be "used up". Changes are audited.
 */
public final class PlanService implements DefinePlanUseCase, ChangePlanUseCase, GetPlanUseCase, ListPlansUseCase {

    /** How long a node keeps a tenant's plans for limits and quota checks; a change on another node shows within this. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);
    static final String PLAN_DEFINED = "plan.defined";
    static final String PLAN_CHANGED = "plan.changed";

    private final PlanStorePort plans;
    private final MeterService meters;
    private final TenantService tenants;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Clock clock;
    private final Map<TenantId, Cached> cache = new ConcurrentHashMap<>();

    public PlanService(PlanStorePort plans, MeterService meters, TenantService tenants, AuditLogPort audit, TransactionPort transactions,
                       Clock clock) {
        this.plans = Objects.requireNonNull(plans, "plans");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Plan definePlan(DefinePlanCommand command) {
        tenants.current(command.actor().tenant());
        checkMeters(command.actor(), command.plan());
        return transactions.inTransaction(() -> {
            if (!plans.create(command.actor().tenant(), command.plan(), clock.instant())) {
                throw new ConflictException("a plan with the key '" + command.plan().key() + "' exists already; PUT /api/v1/plans/"
                        + command.plan().key() + " changes it");
            }
            audit.append(AuditEntry.of(command.actor(), clock.instant(), PLAN_DEFINED, target(command.plan()),
                    Map.of("plan", describe(command.plan()))));
            cache.remove(command.actor().tenant());
            return command.plan();
        });
    }

    @Override
    public Plan changePlan(ChangePlanCommand command) {
        tenants.current(command.actor().tenant());
        checkMeters(command.actor(), command.plan());
        return transactions.inTransaction(() -> {
            Plan before = plans.find(command.actor().tenant(), command.plan().key())
                    .orElseThrow(() -> new NotFoundException("plan", command.plan().key()));
            if (!before.equals(command.plan())) {
                plans.update(command.actor().tenant(), command.plan(), clock.instant());
                audit.append(AuditEntry.of(command.actor(), clock.instant(), PLAN_CHANGED, target(command.plan()),
                        Map.of("from", describe(before), "to", describe(command.plan()))));
            }
            cache.remove(command.actor().tenant());
            return command.plan();
        });
    }

    @Override
    public Plan getPlan(GetPlanQuery query) {
        tenants.current(query.actor().tenant());
        return plans.find(query.actor().tenant(), query.key()).orElseThrow(() -> new NotFoundException("plan", query.key()));
    }

    @Override
    public List<Plan> listPlans(ListPlansQuery query) {
        tenants.current(query.actor().tenant());
        return plans.list(query.actor().tenant());
    }

    /**
     * The tenant's plan with this key as limits and quota checks see it: read at most {@link #CACHE_TTL} ago
     * (at once after a change made through this node), since a quota check must not pay for reading plans
     * that hardly ever change.
     */
    public Optional<Plan> current(TenantId tenant, String key) {
        Instant now = clock.instant();
        Cached cached = cache.get(tenant);
        if (cached == null || !cached.loadedAt().plus(CACHE_TTL).isAfter(now)) {
            Map<String, Plan> byKey = new HashMap<>();
            plans.list(tenant).forEach(plan -> byKey.put(plan.key(), plan));
            cached = new Cached(Map.copyOf(byKey), now);
            cache.put(tenant, cached);
        }
        return Optional.ofNullable(cached.plans().get(key));
    }

    private record Cached(Map<String, Plan> plans, Instant loadedAt) {
    }

    /** Every limit's meter exists in the tenant and adds usage up. */
    private void checkMeters(Actor actor, Plan plan) {
        for (int i = 0; i < plan.limits().size(); i++) {
            PlanLimit limit = plan.limits().get(i);
            String field = "limits[" + i + "].meter";
            Meter meter;
            try {
                meter = meters.resolve(actor, limit.meter());
            } catch (NotFoundException unknown) {
                throw new InvalidValueException(field, "'" + limit.meter().value() + "' is not a meter of this tenant; GET /api/v1/meters lists them");
            }
            if (!isLimitable(meter)) {
                throw new InvalidValueException(field, "'" + limit.meter().value() + "' is a " + meter.aggregation().wireName()
                        + (meter.isGrouped() ? ", grouped" : "") + " meter; a limit needs an ungrouped count or sum meter");
            }
        }
    }

    /** Whether usage of the meter adds up, so that a limit on it can be used up. */
    static boolean isLimitable(Meter meter) {
        return !meter.isGrouped() && (meter.aggregation() == Aggregation.COUNT || meter.aggregation() == Aggregation.SUM);
    }

    private static String target(Plan plan) {
        return "plan:" + plan.key();
    }

    static Map<String, Object> describe(Plan plan) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("name", plan.name());
        List<Map<String, Object>> limits = new ArrayList<>();
        for (PlanLimit limit : plan.limits()) {
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("meter", limit.meter().value());
            described.put("amount", limit.amount().toPlainString());
            described.put("period", limit.period().wireName());
            described.put("enforcement", limit.enforcement().wireName());
            if (!limit.alertAtPct().isEmpty()) {
                described.put("alert_at_pct", limit.alertAtPct());
            }
            limits.add(described);
        }
        description.put("limits", limits);
        return description;
    }
}
