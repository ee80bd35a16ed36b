package io.tally.application.service.metric;

import io.tally.application.port.in.metric.ChangeMetricUseCase;
import io.tally.application.port.in.metric.DefineMetricUseCase;
import io.tally.application.port.in.metric.DeleteMetricCommand;
import io.tally.application.port.in.metric.DeleteMetricUseCase;
import io.tally.application.port.in.metric.GetMetricUseCase;
import io.tally.application.port.in.metric.ListMetricsQuery;
import io.tally.application.port.in.metric.ListMetricsUseCase;
import io.tally.application.port.in.metric.MetricCommand;
import io.tally.application.port.in.metric.MetricKeyQuery;
import io.tally.application.port.in.metric.MetricView;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.MeterStorePort;
import io.tally.application.port.out.MetricStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.domain.analytics.BuiltInMeters;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.ConflictException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.metric.BuiltInMetrics;
import io.tally.domain.metric.Formula;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricCatalog;
import io.tally.domain.metric.MetricDraft;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The figure catalogue: the built-in metrics and those a tenant defines. A definition, change or deletion is
 * checked against every other metric of the tenant (formulas name existing metrics and meters, no cycles, no
 * metric deleted while another uses it) under a lock on the tenant's metrics, and written to the audit log in
 * the same transaction.
 */
public final class MetricService implements DefineMetricUseCase, ChangeMetricUseCase, DeleteMetricUseCase, GetMetricUseCase,
        ListMetricsUseCase {

    static final String METRIC_DEFINED = "metric.defined";
    static final String METRIC_CHANGED = "metric.changed";
    static final String METRIC_DELETED = "metric.deleted";

    private final MetricStorePort metrics;
    private final MeterStorePort meters;
    private final Consumer<TenantId> tenants;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Clock clock;

    /**
     * @param tenants makes sure the caller's tenant exists (it is created on first use)
     */
    public MetricService(MetricStorePort metrics, MeterStorePort meters, Consumer<TenantId> tenants, AuditLogPort audit,
                         TransactionPort transactions, Clock clock) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The built-in metrics and the tenant's own, as one catalogue. */
    public MetricCatalog catalog(TenantId tenant) {
        return MetricCatalog.of(metrics.list(tenant));
    }

    @Override
    public Metric defineMetric(MetricCommand command) {
        MetricDraft draft = ownMetric(command.draft());
        TenantId tenant = command.actor().tenant();
        tenants.accept(tenant);
        return transactions.inTransaction(() -> {
            metrics.lock(tenant);
            Metric metric = checked(tenant, draft);
            if (!metrics.create(tenant, metric, clock.instant())) {
                throw new ConflictException("a metric with the key '" + metric.key() + "' exists already");
            }
            audit.append(AuditEntry.of(command.actor(), clock.instant(), METRIC_DEFINED, target(metric.key()), Map.of("metric", describe(metric))));
            return metric;
        });
    }

    @Override
    public Metric changeMetric(MetricCommand command) {
        MetricDraft draft = ownMetric(command.draft());
        TenantId tenant = command.actor().tenant();
        tenants.accept(tenant);
        return transactions.inTransaction(() -> {
            metrics.lock(tenant);
            Metric before = metrics.find(tenant, draft.key()).orElseThrow(() -> new NotFoundException("metric", draft.key().value()));
            Metric metric = checked(tenant, draft);
            if (!describe(before).equals(describe(metric))) {
                metrics.update(tenant, metric, clock.instant());
                audit.append(AuditEntry.of(command.actor(), clock.instant(), METRIC_CHANGED, target(metric.key()),
                        Map.of("from", describe(before), "to", describe(metric))));
            }
            return metric;
        });
    }

    @Override
    public void deleteMetric(DeleteMetricCommand command) {
        if (BuiltInMetrics.isBuiltIn(command.key())) {
            throw new ConflictException("'" + command.key() + "' is a built-in metric and cannot be deleted");
        }
        TenantId tenant = command.actor().tenant();
        tenants.accept(tenant);
        transactions.inTransaction(() -> {
            metrics.lock(tenant);
            Metric before = metrics.find(tenant, command.key()).orElseThrow(() -> new NotFoundException("metric", command.key().value()));
            List<MetricKey> users = catalog(tenant).usersOf(command.key());
            if (!users.isEmpty()) {
                throw new ConflictException("metric '" + command.key() + "' is used by the metrics " + join(users)
                        + "; change or delete those first");
            }
            metrics.delete(tenant, command.key());
            audit.append(AuditEntry.of(command.actor(), clock.instant(), METRIC_DELETED, target(command.key()), Map.of("metric", describe(before))));
            return null;
        });
    }

    @Override
    public MetricView getMetric(MetricKeyQuery query) {
        tenants.accept(query.actor().tenant());
        MetricCatalog catalog = catalog(query.actor().tenant());
        Metric metric = catalog.find(query.key()).orElseThrow(() -> new NotFoundException("metric", query.key().value()));
        return new MetricView(metric, catalog.usersOf(metric.key()));
    }

    @Override
    public List<MetricView> listMetrics(ListMetricsQuery query) {
        tenants.accept(query.actor().tenant());
        MetricCatalog catalog = catalog(query.actor().tenant());
        return catalog.all().stream().map(metric -> new MetricView(metric, catalog.usersOf(metric.key()))).toList();
    }

    /**
     * The tenant's metric from its draft: its formula may name any metric of the catalogue (and no cycle) and any
     * meter the tenant can use, but no billing measure directly; what the draft leaves out gets defaults.
     */
    private Metric checked(TenantId tenant, MetricDraft draft) {
        MetricCatalog catalog = catalog(tenant);
        switch (draft.formula()) {
            case Formula.OfMeter meter -> {
                if (meter(tenant, meter.meter()).isEmpty()) {
                    throw new InvalidValueException("formula.meter", "'" + meter.meter() + "' is not a meter of this tenant; GET /api/v1/meters lists them");
                }
            }
            case Formula.OfBilling billing -> throw new InvalidValueException("formula",
                    "billing figures are built-in metrics: refer to them by key (" + billing.measure().wireName() + ")");
            default -> catalog.checkReferences(draft.key(), draft.formula());
        }
        return draft.complete(catalog, key -> meter(tenant, key));
    }

    private Optional<Meter> meter(TenantId tenant, MeterKey key) {
        return BuiltInMeters.find(key).or(() -> meters.find(tenant, key));
    }

    private static MetricDraft ownMetric(MetricDraft draft) {
        if (BuiltInMetrics.isBuiltIn(draft.key())) {
            throw new ConflictException("'" + draft.key() + "' is a built-in metric's key; built-in metrics cannot be defined or changed");
        }
        return draft;
    }

    private static String join(List<MetricKey> keys) {
        return String.join(", ", keys.stream().map(MetricKey::value).toList());
    }

    private static String target(MetricKey key) {
        return "metric:" + key.value();
    }

    /** A metric's definition as audit details, in the API's shape (absent optional parts left out). */
    static Map<String, Object> describe(Metric metric) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("name", metric.name());
        metric.description().ifPresent(description -> definition.put("description", description));
        definition.put("unit", metric.unit().wireName());
        definition.put("polarity", metric.polarity().wireName());
        metric.decimals().ifPresent(decimals -> definition.put("decimals", decimals));
        definition.put("formula", describe(metric.formula()));
        return definition;
    }

    /** A formula in the API's shape: {@code {"meter": …}}, {@code {"ratio": {…}}}, {@code {"sum": […]}}, {@code {"per_item": {…}}}, … */
    public static Map<String, Object> describe(Formula formula) {
        return switch (formula) {
            case Formula.OfMeter meter -> Map.of("meter", meter.meter().value());
            case Formula.OfBilling billing -> Map.of("billing", billing.measure().wireName());
            case Formula.Ratio ratio -> Map.of("ratio", Map.of("numerator", ratio.numerator().value(),
                    "denominator", ratio.denominator().value(), "scale", plain(ratio.scale())));
            case Formula.Sum sum -> Map.of("sum", sum.parts().stream().map(MetricKey::value).toList());
            case Formula.Difference difference -> Map.of("difference", difference.parts().stream().map(MetricKey::value).toList());
            case Formula.PerCustomer perCustomer -> Map.of("per_customer", perCustomer.metric().value());
            case Formula.PerItem perItem -> Map.of("per_item", Map.of("metric", perItem.metric().value(), "dimension", perItem.dimension(),
                    "statistic", perItem.statistic().wireName()));
        };
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
