package io.tally.domain.metric;

import io.tally.domain.analytics.MeterKey;
import io.tally.domain.billing.BillingMeasure;
import io.tally.domain.common.InvalidValueException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The metrics one tenant can use: the built-in ones and its own, by key. It checks that a formula refers
 * only to metrics that exist and never, through others, to itself, and says what a metric is made of in the
 * end: which meters, which billing measures, and whether it needs the customers active in each bucket.
 */
public final class MetricCatalog {

    /** What measuring a metric needs from the stores. */
    public record Leaves(Set<MeterKey> meters, Set<BillingMeasure> billing, boolean activeCustomers) {

        public Leaves {
            meters = Set.copyOf(meters);
            billing = Set.copyOf(billing);
        }
    }

    private final Map<MetricKey, Metric> metrics;

    private MetricCatalog(Map<MetricKey, Metric> metrics) {
        this.metrics = metrics;
    }

    /** The built-in metrics, then the tenant's own (whose keys never clash with built-in ones). */
    public static MetricCatalog of(Collection<Metric> tenantMetrics) {
        Map<MetricKey, Metric> all = new LinkedHashMap<>();
        BuiltInMetrics.all().forEach(metric -> all.put(metric.key(), metric));
        tenantMetrics.forEach(metric -> all.putIfAbsent(metric.key(), metric));
        return new MetricCatalog(all);
    }

    public Optional<Metric> find(MetricKey key) {
        return Optional.ofNullable(metrics.get(key));
    }

    public List<Metric> all() {
        return List.copyOf(metrics.values());
    }

    /** The same catalogue with this metric added or replacing the one with its key. */
    public MetricCatalog with(Metric metric) {
        Map<MetricKey, Metric> all = new LinkedHashMap<>(metrics);
        all.put(metric.key(), metric);
        return new MetricCatalog(all);
    }

    /**
     * Checks a metric's formula against this catalogue: every metric it names exists, and none leads back to
     * it. Fails naming the formula's field ({@code formula.ratio.numerator}, {@code formula.sum[1]}, …).
     */
    public void checkReferences(Metric metric) {
        checkReferences(metric.key(), metric.formula());
    }

    /** {@link #checkReferences(Metric)} for a metric not made yet. */
    public void checkReferences(MetricKey key, Formula formula) {
        Map<MetricKey, Metric> withIt = new LinkedHashMap<>(metrics);
        withIt.remove(key);
        MetricCatalog others = new MetricCatalog(withIt);
        List<MetricKey> references = formula.references();
        for (int i = 0; i < references.size(); i++) {
            MetricKey reference = references.get(i);
            String field = field(formula, i);
            if (!metrics.containsKey(reference) && !reference.equals(key)) {
                throw new InvalidValueException(field, "'" + reference + "' is not a metric; GET /api/v1/metrics lists them");
            }
            if (metrics.containsKey(reference) && metrics.get(reference).formula() instanceof Formula.PerItem) {
                throw new InvalidValueException(field, "'" + reference + "' is a per-item figure, which is not a part of another formula");
            }
            List<MetricKey> path = reference.equals(key) ? List.of(key) : others.pathTo(reference, key, new HashSet<>());
            if (path != null) {
                List<String> names = new ArrayList<>();
                names.add(key.value());
                path.forEach(step -> names.add(step.value()));
                throw new InvalidValueException(field, "makes a cycle: " + String.join(" → ", names));
            }
        }
        if (formula instanceof Formula.PerItem perItem) {
            Leaves leaves = leaves(metrics.get(perItem.metric()));
            if (!leaves.billing().isEmpty() || leaves.activeCustomers()) {
                throw new InvalidValueException("formula.per_item.metric", "'" + perItem.metric() + "' is not measured from usage events alone:"
                        + " a per-item figure is of meters (and formulas of them)");
            }
            if (!usersOf(key).isEmpty()) {
                throw new InvalidValueException("formula", "a per-item figure is not a part of another formula, and "
                        + String.join(", ", usersOf(key).stream().map(MetricKey::value).toList()) + " use this one");
            }
        }
    }

    /** The keys from {@code from} to {@code target} through formula references (both included), or null when there is no way. */
    private List<MetricKey> pathTo(MetricKey from, MetricKey target, Set<MetricKey> seen) {
        if (from.equals(target)) {
            return new ArrayList<>(List.of(from));
        }
        if (!seen.add(from)) {
            return null;
        }
        Metric metric = metrics.get(from);
        if (metric == null) {
            return null;
        }
        for (MetricKey next : metric.formula().references()) {
            List<MetricKey> rest = pathTo(next, target, seen);
            if (rest != null) {
                rest.addFirst(from);
                return rest;
            }
        }
        return null;
    }

    /** The JSON field of a formula's i-th reference. */
    static String field(Formula formula, int index) {
        return switch (formula) {
            case Formula.Ratio ratio -> index == 0 ? "formula.ratio.numerator" : "formula.ratio.denominator";
            case Formula.Sum sum -> "formula.sum[" + index + "]";
            case Formula.Difference difference -> "formula.difference[" + index + "]";
            case Formula.PerCustomer perCustomer -> "formula.per_customer";
            case Formula.PerItem perItem -> "formula.per_item.metric";
            case Formula.OfMeter meter -> "formula.meter";
            case Formula.OfBilling billing -> "formula.billing";
        };
    }

    /** Everything the metric is made of in the end; the metric must be in this catalogue and its references checked. */
    public Leaves leaves(Metric metric) {
        Set<MeterKey> meters = new LinkedHashSet<>();
        Set<BillingMeasure> billing = new LinkedHashSet<>();
        boolean[] active = {false};
        collect(metric, meters, billing, active, new HashSet<>());
        return new Leaves(meters, billing, active[0]);
    }

    private void collect(Metric metric, Set<MeterKey> meters, Set<BillingMeasure> billing, boolean[] active, Set<MetricKey> seen) {
        if (!seen.add(metric.key())) {
            return;
        }
        switch (metric.formula()) {
            case Formula.OfMeter meter -> meters.add(meter.meter());
            case Formula.OfBilling measure -> billing.add(measure.measure());
            case Formula.PerCustomer perCustomer -> active[0] = true;
            default -> {
            }
        }
        for (MetricKey reference : metric.formula().references()) {
            collect(require(reference), meters, billing, active, seen);
        }
    }

    /** The metric with this key; it must exist (references are checked when a metric is defined). */
    public Metric require(MetricKey key) {
        Metric metric = metrics.get(key);
        if (metric == null) {
            throw new IllegalStateException("no metric " + key + " in the catalogue");
        }
        return metric;
    }

    /** The tenant's metrics whose formula names this metric directly. */
    public List<MetricKey> usersOf(MetricKey key) {
        return metrics.values().stream().filter(metric -> metric.formula().references().contains(key)).map(Metric::key).toList();
    }

    /** The metrics whose formula is this meter. */
    public List<MetricKey> usersOf(MeterKey meter) {
        return metrics.values().stream()
                .filter(metric -> metric.formula() instanceof Formula.OfMeter of && of.meter().equals(meter))
                .map(Metric::key).toList();
    }
}
