package io.tally.application.service.alert;

import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.application.port.in.plan.CustomerLimits;
import io.tally.application.port.in.plan.CustomerLimitsQuery;
import io.tally.application.port.in.plan.GetCustomerLimitsUseCase;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.MeterStorePort;
import io.tally.application.port.out.MetricStorePort;
import io.tally.application.port.out.PlanStorePort;
import io.tally.application.port.out.SavedQueryStorePort;
import io.tally.application.service.metric.MetricEngine;
import io.tally.domain.access.Actor;
import io.tally.domain.access.CustomerScope;
import io.tally.domain.access.Role;
import io.tally.domain.alert.AlertOp;
import io.tally.domain.alert.AlertRuleDefinition;
import io.tally.domain.alert.AlertScope;
import io.tally.domain.alert.AlertSource;
import io.tally.domain.alert.AlertSubject;
import io.tally.domain.alert.AlertValue;
import io.tally.domain.alert.AlertWindow;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.BuiltInMeters;
import io.tally.domain.analytics.Meter;
import io.tally.domain.billing.BillingMeasure;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.BuiltInMetrics;
import io.tally.domain.metric.Formula;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricCatalog;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.metric.Polarity;
import io.tally.domain.metric.Series;
import io.tally.domain.plan.Plan;
import io.tally.domain.query.SavedQuery;
import io.tally.domain.query.Visibility;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.tenant.TenantSettings;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an alert rule measures, through the one query model: its metric (or its saved query's one metric and filters) over
 * its window by {@link MetricEngine}, for the tenant, one customer or each customer; and for {@code limit_pct_above} the
 * customer's use of its plan limit as the quota check counts it.
 */
public final class AlertMeasures {

    /** Customers read per page when a rule watches each customer. */
    static final int PAGE = 500;

    private final MetricEngine engine;
    private final MetricStorePort metrics;
    private final MeterStorePort meters;
    private final SavedQueryStorePort queries;
    private final CustomerStorePort customers;
    private final GetCustomerLimitsUseCase limits;
    private final PlanStorePort plans;

    public AlertMeasures(MetricEngine engine, MetricStorePort metrics, MeterStorePort meters, SavedQueryStorePort queries,
                         CustomerStorePort customers, GetCustomerLimitsUseCase limits, PlanStorePort plans) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.queries = Objects.requireNonNull(queries, "queries");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.plans = Objects.requireNonNull(plans, "plans");
    }

    /** A rule's figure, resolved: the catalogue it is read from, the metric, the filters of its saved query. */
    record Figure(MetricCatalog catalog, Metric metric, Map<String, String> filters) {
    }

    /** Fails (400 naming the field) unless the rule can be measured now: its metric or query, currency and customer exist. */
    void check(TenantId tenant, AlertRuleDefinition rule) {
        figure(tenant, rule);
        if (rule.scope() instanceof AlertScope.Customer one && customers.find(tenant, one.customer()).isEmpty()) {
            throw new InvalidValueException("scope.customer", "'" + one.customer().value() + "' is not a customer of this tenant");
        }
    }

    /** The unit of the rule's figure (for notifications). */
    MetricUnit unitOf(TenantId tenant, AlertRuleDefinition rule) {
        return rule.condition().op() == AlertOp.LIMIT_PCT_ABOVE || rule.condition().op().name().startsWith("CHANGE_PCT")
                ? MetricUnit.PERCENT : figure(tenant, rule).metric().unit();
    }

    Figure figure(TenantId tenant, AlertRuleDefinition rule) {
        MetricCatalog catalog = MetricCatalog.of(metrics.list(tenant));
        Figure figure = switch (rule.source()) {
            case AlertSource.Metric named -> new Figure(catalog, catalog.find(named.metric()).orElseThrow(() -> new InvalidValueException("metric",
                    "'" + named.metric() + "' is not a metric of this tenant; GET /api/v1/metrics lists them")), Map.of());
            case AlertSource.SavedQuery saved -> fromQuery(tenant, catalog, saved);
        };
        if (rule.condition().op() == AlertOp.LIMIT_PCT_ABOVE && !(figure.metric().formula() instanceof Formula.OfMeter)) {
            throw new InvalidValueException("metric", "limit_pct_above compares a meter's use with the plan's limit of that meter: '"
                    + figure.metric().key() + "' is not a meter's metric");
        }
        boolean money = figure.metric().unit() == MetricUnit.MONEY;
        if (money && rule.currency().isEmpty() && rule.condition().op() != AlertOp.LIMIT_PCT_ABOVE) {
            throw new InvalidValueException("currency", "'" + figure.metric().key() + "' is money, which is counted per currency and never"
                    + " added across them: name the currency to watch, such as \"EUR\"");
        }
        return figure;
    }

    private Figure fromQuery(TenantId tenant, MetricCatalog catalog, AlertSource.SavedQuery saved) {
        SavedQuery query = queries.find(tenant, saved.id()).filter(found -> found.definition().visibility() == Visibility.TENANT)
                .orElseThrow(() -> new InvalidValueException("saved_query.id", "'" + saved.id() + "' is not a saved query shared with the tenant (visibility tenant)"));
        QueryDefinition definition;
        try {
            definition = QueryDefinition.read(query.bind(query.values(saved.params())), "saved_query.query.");
        } catch (InvalidValueException problem) {
            throw problem.field().startsWith("saved_query") ? problem : problem.forField("saved_query.params." + problem.field());
        }
        if (definition.metrics().size() + (definition.meter().isPresent() ? 1 : 0) != 1 || !definition.groupBy().isEmpty()) {
            throw new InvalidValueException("saved_query", "an alert compares one value: the query must ask for one metric or meter, without"
                    + " group_by");
        }
        if (definition.customer().isPresent()) {
            throw new InvalidValueException("saved_query", "the query names a customer; an alert's scope says whose figures it watches"
                    + " ({\"customer\": id}), so use a query without one");
        }
        Metric metric;
        MetricCatalog readFrom = catalog;
        if (definition.meter().isPresent()) {
            Meter meter = BuiltInMeters.find(definition.meter().get()).or(() -> meters.find(tenant, definition.meter().get()))
                    .orElseThrow(() -> new InvalidValueException("saved_query", "its meter '" + definition.meter().get() + "' no longer exists"));
            metric = BuiltInMeters.isBuiltIn(meter.key()) ? BuiltInMetrics.get(meter.key()) : BuiltInMetrics.ofMeter(meter, Polarity.NEUTRAL, false);
            readFrom = MetricCatalog.of(List.of(metric));
        } else {
            metric = catalog.find(definition.metrics().getFirst()).orElseThrow(() -> new InvalidValueException("saved_query",
                    "its metric '" + definition.metrics().getFirst() + "' no longer exists"));
        }
        return new Figure(readFrom, metric, definition.filters());
    }

    /**
     * Each subject's value at {@code now} as the rule compares it (empty: no data), and the subjects skipped because their
     * window has no length yet (today at local midnight): their states stay as they are, rather than seeing nothing.
     */
    record Measured(Map<AlertSubject, Optional<BigDecimal>> values, Set<AlertSubject> skipped) {
    }

    /** A subject and the timezone its local days are cut in: the customer's own, else the tenant's. */
    private record Watched(AlertSubject subject, TimeZoneId zone) {
    }

    Measured measure(TenantId tenant, TenantSettings settings, AlertRuleDefinition rule, Instant now) {
        Figure figure = figure(tenant, rule);
        List<Watched> watched = watched(tenant, settings, rule.scope());
        Map<AlertSubject, Optional<BigDecimal>> values = new LinkedHashMap<>();
        Set<AlertSubject> skipped = new HashSet<>();
        AlertOp op = rule.condition().op();
        if (op == AlertOp.LIMIT_PCT_ABOVE) {
            Formula.OfMeter meter = (Formula.OfMeter) figure.metric().formula();
            Actor reader = Actor.user(tenant, "alerts", Set.of(Role.MANAGER), CustomerScope.all(), "alert-evaluation");
            for (Watched one : watched) {
                CustomerId customer = one.subject().customer().orElseThrow();
                Optional<CustomerLimits.LimitUsage> limit;
                try {
                    limit = limits.getCustomerLimits(new CustomerLimitsQuery(reader, customer)).limits().stream()
                            .filter(usage -> usage.limit().meter().equals(meter.meter())).findFirst();
                } catch (NotFoundException gone) {
                    limit = Optional.empty();
                }
                values.put(one.subject(), limit.flatMap(usage -> AlertValue.of(op, Optional.of(usage.used()), Optional.empty(),
                        Optional.of(usage.limit().amount()))));
            }
            return new Measured(values, skipped);
        }
        boolean change = op == AlertOp.CHANGE_PCT_ABOVE || op == AlertOp.CHANGE_PCT_BELOW;
        for (Watched one : watched) {
            AlertWindow.Span span = rule.window().current(now, one.zone().zone());
            if (!span.end().isAfter(span.start())) {
                skipped.add(one.subject());
                continue;
            }
            AlertWindow.Span before = change ? rule.window().previous(now, one.zone().zone()) : null;
            Optional<BigDecimal> current = value(tenant, one.zone(), one.subject(), figure, rule, span, now);
            Optional<BigDecimal> previous = change && before.end().isAfter(before.start())
                    ? value(tenant, one.zone(), one.subject(), figure, rule, before, now) : Optional.empty();
            values.put(one.subject(), AlertValue.of(op, current, previous, Optional.empty()));
        }
        return new Measured(values, skipped);
    }

    private List<Watched> watched(TenantId tenant, TenantSettings settings, AlertScope scope) {
        return switch (scope) {
            case AlertScope.Tenant ignored -> List.of(new Watched(AlertSubject.TENANT, settings.timezone()));
            case AlertScope.Customer one -> {
                Optional<Customer> customer = customers.find(tenant, one.customer());
                // a customer whose processing is restricted (or who was erased) is not watched until the restriction is lifted
                yield customer.filter(AlertMeasures::processed).isEmpty() && customer.isPresent() ? List.of()
                        : List.of(new Watched(AlertSubject.of(one.customer()), customer.map(found -> found.effectiveTimezone(settings))
                                .orElse(settings.timezone())));
            }
            case AlertScope.EachCustomer ignored -> customers(tenant).stream().filter(AlertMeasures::processed)
                    .map(customer -> new Watched(AlertSubject.of(customer.id()), customer.effectiveTimezone(settings))).toList();
        };
    }

    /** Whether the customer's data may be processed: not restricted (GDPR Arts. 18 and 21), not erased. */
    private static boolean processed(Customer customer) {
        return customer.restrictedSince().isEmpty() && customer.erasedAt().isEmpty();
    }

    /** The figure over one span, for one subject; the rule's currency picked from a figure counted per currency. */
    private Optional<BigDecimal> value(TenantId tenant, TimeZoneId zone, AlertSubject subject, Figure figure, AlertRuleDefinition rule,
                                       AlertWindow.Span span, Instant now) {
        MetricEngine.Scope scope = new MetricEngine.Scope(tenant, subject.customer(), now, zone);
        MetricEngine.Request request = new MetricEngine.Request(figure.metric(), Optional.of(List.of()), figure.filters());
        Series series = engine.evaluate(figure.catalog(), scope, List.of(request), List.of(new Bucket(span.start(), span.end(), "window")))
                .getFirst();
        if (!series.isGrouped()) {
            return Optional.ofNullable(series.value(0, List.of()));
        }
        int currency = series.dimensions().indexOf(BillingMeasure.CURRENCY);
        if (currency < 0 || series.dimensions().size() != 1) {
            return Optional.empty();
        }
        if (rule.currency().isPresent()) {
            return Optional.ofNullable(series.value(0, List.of(rule.currency().get())));
        }
        List<List<String>> keys = new ArrayList<>(series.keys(0));
        return keys.size() == 1 ? Optional.ofNullable(series.value(0, keys.getFirst())) : Optional.empty();
    }

    /** A customer's use of one plan limit that has quota alerts ({@code alert_at_pct}), as the quota check counts it. */
    record QuotaUse(CustomerId customer, String plan, CustomerLimits.LimitUsage usage) {
    }

    /** Every customer's use of each limit of its plan that has quota alerts. */
    List<QuotaUse> quotaUses(TenantId tenant) {
        Set<String> alerting = new HashSet<>();
        for (Plan plan : plans.list(tenant)) {
            if (plan.limits().stream().anyMatch(limit -> !limit.alertAtPct().isEmpty())) {
                alerting.add(plan.key());
            }
        }
        if (alerting.isEmpty()) {
            return List.of();
        }
        Actor reader = Actor.user(tenant, "alerts", Set.of(Role.MANAGER), CustomerScope.all(), "quota-alerts");
        List<QuotaUse> uses = new ArrayList<>();
        for (Customer each : customers(tenant)) {
            if (!processed(each)) {
                continue;
            }
            CustomerId customer = each.id();
            CustomerLimits current;
            try {
                current = limits.getCustomerLimits(new CustomerLimitsQuery(reader, customer));
            } catch (NotFoundException gone) {
                continue;
            }
            if (current.plan().filter(alerting::contains).isEmpty()) {
                continue;
            }
            for (CustomerLimits.LimitUsage usage : current.limits()) {
                if (!usage.limit().alertAtPct().isEmpty()) {
                    uses.add(new QuotaUse(customer, current.plan().get(), usage));
                }
            }
        }
        return uses;
    }

    /** Every customer of the tenant, page by page. */
    private List<Customer> customers(TenantId tenant) {
        List<Customer> all = new ArrayList<>();
        Optional<CustomerId> after = Optional.empty();
        while (true) {
            List<Customer> page = customers.list(tenant, CustomerScope.all(), after, PAGE + 1);
            all.addAll(page.subList(0, Math.min(PAGE, page.size())));
            if (page.size() <= PAGE) {
                return all;
            }
            after = Optional.of(page.get(PAGE - 1).id());
        }
    }
}
