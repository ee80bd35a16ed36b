package io.tally.domain.metric;

import io.tally.domain.analytics.MeterKey;
import io.tally.domain.billing.BillingMeasure;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.InvalidValueException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Computes metrics from measured series, bucket by bucket and group by group.
 *
 * <p>A derived metric's groups are those of its parts: a part split by fewer dimensions applies to every group
 * of the others (calls per currency ÷ all calls), and parts split by unrelated dimensions cannot be combined.
 * Each value is computed from the unrounded values of its parts, and only the metric asked for is rounded (see
 * {@link Metric}). A sum or difference with a part without value has no value; a ratio has none when its
 * denominator is 0 or either part has none; so does a value per customer when no customer was active.
 */
public final class MetricEvaluator {

    /** Scale of intermediate quotients, far beyond any metric's decimals. */
    static final int WORKING_SCALE = 20;

    /** The measured series a metric is made of. */
    public interface Measured {
        Series meter(MeterKey meter);

        Series billing(BillingMeasure measure);

        /** Customers with at least one usage event, per bucket (ungrouped). */
        Series activeCustomers();
    }

    private final MetricCatalog catalog;
    private final Measured measured;
    private final Map<MetricKey, Series> raw = new HashMap<>();

    public MetricEvaluator(MetricCatalog catalog, Measured measured) {
        this.catalog = catalog;
        this.measured = measured;
    }

    /** The metric's values, rounded as the metric says. */
    public Series evaluate(Metric metric) {
        Series values = unrounded(metric);
        if (metric.formula() instanceof Formula.OfMeter && metric.decimals().isEmpty()) {
            return values;
        }
        int currency = values.dimensions().indexOf(BillingMeasure.CURRENCY);
        return values.map((key, value) -> value == null ? null : value.setScale(decimals(metric, key, currency), RoundingMode.HALF_UP));
    }

    /** Decimals of a value: the metric's, else its unit's default; money without decimals rounds to its currency's minor unit. */
    static int decimals(Metric metric, List<String> key, int currencyIndex) {
        if (metric.decimals().isPresent()) {
            return metric.decimals().get();
        }
        if (metric.unit() == MetricUnit.MONEY && key != null && currencyIndex >= 0) {
            String currency = key.get(currencyIndex);
            if (currency != null && CurrencyCode.isValid(currency)) {
                return Math.max(0, CurrencyCode.of(currency).minorUnitDigits());
            }
        }
        return metric.unit().defaultDecimals();
    }

    private Series unrounded(Metric metric) {
        Series known = raw.get(metric.key());
        if (known != null) {
            return known;
        }
        Series values = switch (metric.formula()) {
            case Formula.OfMeter meter -> measured.meter(meter.meter());
            case Formula.OfBilling billing -> measured.billing(billing.measure());
            case Formula.Sum sum -> combine(metric, parts(sum.parts()), MetricEvaluator::add);
            case Formula.Difference difference -> combine(metric, parts(difference.parts()), MetricEvaluator::subtract);
            case Formula.Ratio ratio -> combine(metric, parts(List.of(ratio.numerator(), ratio.denominator())),
                    values1 -> quotient(values1.get(0), values1.get(1), ratio.scale()));
            case Formula.PerCustomer perCustomer -> combine(metric, List.of(unrounded(catalog.require(perCustomer.metric())),
                    measured.activeCustomers()), values1 -> quotient(values1.get(0), values1.get(1), BigDecimal.ONE));
            case Formula.PerItem perItem -> overItems(unrounded(catalog.require(perItem.metric())), perItem);
        };
        raw.put(metric.key(), values);
        return values;
    }

    /**
     * A per-item figure from its metric's values split by the item dimension as well (which its meters must be, see
     * {@link Formula.PerItem}): per bucket and remaining group, the mean or the count of the items' values, those
     * without a value left out. A group whose items have no value has none (a mean) or 0 (a count).
     */
    static Series overItems(Series perItem, Formula.PerItem formula) {
        int at = perItem.dimensions().indexOf(formula.dimension());
        if (at < 0) {
            throw new IllegalStateException("a per-item figure's values must be split by " + formula.dimension() + ", not " + perItem.dimensions());
        }
        List<String> dimensions = new ArrayList<>(perItem.dimensions());
        dimensions.remove(at);
        boolean mean = formula.statistic() == Formula.Statistic.MEAN;
        List<Map<List<String>, BigDecimal>> buckets = new ArrayList<>(perItem.size());
        for (int b = 0; b < perItem.size(); b++) {
            Map<List<String>, List<BigDecimal>> items = new HashMap<>();
            for (List<String> key : perItem.keys(b)) {
                List<String> group = new ArrayList<>(key);
                group.remove(at);
                List<BigDecimal> values = items.computeIfAbsent(group, ignored -> new ArrayList<>());
                BigDecimal value = perItem.value(b, key);
                if (value != null) {
                    values.add(value);
                }
            }
            Map<List<String>, BigDecimal> statistic = new HashMap<>();
            items.forEach((group, values) -> statistic.put(group, mean
                    ? values.isEmpty() ? null : add(values).divide(BigDecimal.valueOf(values.size()), WORKING_SCALE, RoundingMode.HALF_UP)
                    : BigDecimal.valueOf(values.size())));
            buckets.add(statistic);
        }
        return Series.of(dimensions, buckets, mean ? null : BigDecimal.ZERO);
    }

    private List<Series> parts(List<MetricKey> keys) {
        List<Series> parts = new ArrayList<>(keys.size());
        for (MetricKey key : keys) {
            parts.add(unrounded(catalog.require(key)));
        }
        return parts;
    }

    /**
     * Applies an operation group by group. The result is split by the dimensions of its most split part; every
     * other part's dimensions must be among them, and its value for a group is its value for that group's values
     * of its own dimensions.
     */
    static Series combine(Metric metric, List<Series> parts, Function<List<BigDecimal>, BigDecimal> operation) {
        List<String> dimensions = List.of();
        for (Series part : parts) {
            if (part.dimensions().size() > dimensions.size()) {
                dimensions = part.dimensions();
            }
        }
        int[][] projections = new int[parts.size()][];
        for (int p = 0; p < parts.size(); p++) {
            List<String> own = parts.get(p).dimensions();
            projections[p] = new int[own.size()];
            for (int d = 0; d < own.size(); d++) {
                projections[p][d] = dimensions.indexOf(own.get(d));
                if (projections[p][d] < 0) {
                    throw new InvalidValueException("metric", "'" + metric.key() + "' combines figures split by " + dimensions
                            + " with figures split by " + own + "; split them the same way");
                }
            }
        }
        int size = parts.getFirst().size();
        List<Map<List<String>, BigDecimal>> buckets = new ArrayList<>(size);
        for (int b = 0; b < size; b++) {
            Set<List<String>> keys = new LinkedHashSet<>();
            for (Series part : parts) {
                if (part.dimensions().size() == dimensions.size()) {
                    keys.addAll(part.keys(b));
                }
            }
            if (dimensions.isEmpty()) {
                keys.add(List.of());
            }
            Map<List<String>, BigDecimal> values = new HashMap<>();
            for (List<String> key : keys) {
                List<BigDecimal> arguments = new ArrayList<>(parts.size());
                for (int p = 0; p < parts.size(); p++) {
                    arguments.add(parts.get(p).value(b, project(key, projections[p])));
                }
                values.put(key, operation.apply(arguments));
            }
            buckets.add(values);
        }
        List<BigDecimal> empties = parts.stream().map(Series::empty).toList();
        return Series.of(dimensions, buckets, operation.apply(empties));
    }

    private static List<String> project(List<String> key, int[] positions) {
        if (positions.length == key.size()) {
            boolean identity = true;
            for (int i = 0; i < positions.length && identity; i++) {
                identity = positions[i] == i;
            }
            if (identity) {
                return key;
            }
        }
        List<String> projected = new ArrayList<>(positions.length);
        for (int position : positions) {
            projected.add(key.get(position));
        }
        return projected;
    }

    private static BigDecimal add(List<BigDecimal> values) {
        BigDecimal total = BigDecimal.ZERO;
        for (BigDecimal value : values) {
            if (value == null) {
                return null;
            }
            total = total.add(value);
        }
        return total;
    }

    private static BigDecimal subtract(List<BigDecimal> values) {
        if (values.getFirst() == null) {
            return null;
        }
        BigDecimal total = values.getFirst();
        for (BigDecimal value : values.subList(1, values.size())) {
            if (value == null) {
                return null;
            }
            total = total.subtract(value);
        }
        return total;
    }

    private static BigDecimal quotient(BigDecimal numerator, BigDecimal denominator, BigDecimal scale) {
        if (numerator == null || denominator == null || denominator.signum() == 0) {
            return null;
        }
        return numerator.multiply(scale).divide(denominator, WORKING_SCALE, RoundingMode.HALF_UP);
    }
}
