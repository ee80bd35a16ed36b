package io.tally.domain.metric;

import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.billing.BillingMeasure;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A metric as someone defines it: a key and a formula, and whatever else they chose to say. {@link #complete}
 * fills in the rest: the name from the key ({@code net_adds} → "Net adds"); the unit from the formula (a
 * meter's unit; percent for a ratio scaled by 100, money for money divided by something else, else number;
 * the parts' common unit for a sum or difference, else number; money for money per customer, else number; a
 * per-item mean's metric's unit, a count of items count);
 * the polarity from the parts (a sum's common polarity, a difference's, ratio's and per-customer value's first
 * part's; a meter's is neutral).
 */
public record MetricDraft(MetricKey key, Optional<String> name, Optional<String> description, Optional<MetricUnit> unit,
                          Optional<Polarity> polarity, Optional<Integer> decimals, Formula formula) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public MetricDraft {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(polarity, "polarity");
        Objects.requireNonNull(decimals, "decimals");
        Objects.requireNonNull(formula, "formula");
    }

    /**
     * The metric, with defaults taken from the catalogue's metrics it names and from its meter; the formula's
     * references must exist (check them first with {@link MetricCatalog#checkReferences}).
     */
    public Metric complete(MetricCatalog catalog, Function<MeterKey, Optional<Meter>> meters) {
        MetricUnit chosenUnit = unit.orElseGet(() -> defaultUnit(catalog, meters));
        Polarity chosenPolarity = polarity.orElseGet(() -> defaultPolarity(catalog));
        return new Metric(key, name.orElseGet(() -> Metric.nameFromKey(key)), description, chosenUnit, chosenPolarity, decimals, formula, false);
    }

    private MetricUnit defaultUnit(MetricCatalog catalog, Function<MeterKey, Optional<Meter>> meters) {
        return switch (formula) {
            case Formula.OfMeter meter -> meters.apply(meter.meter()).map(BuiltInMetrics::unitOf).orElse(MetricUnit.NUMBER);
            case Formula.OfBilling billing -> billing.measure().isPerCurrency() ? MetricUnit.MONEY
                    : billing.measure() == BillingMeasure.CUSTOMER_CHURN_RATE ? MetricUnit.PERCENT : MetricUnit.COUNT;
            case Formula.Ratio ratio -> {
                if (ratio.scale().compareTo(HUNDRED) == 0) {
                    yield MetricUnit.PERCENT;
                }
                boolean moneyOver = unitOf(catalog, ratio.numerator()) == MetricUnit.MONEY && unitOf(catalog, ratio.denominator()) != MetricUnit.MONEY;
                yield moneyOver ? MetricUnit.MONEY : MetricUnit.NUMBER;
            }
            case Formula.Sum sum -> common(catalog, sum.parts());
            case Formula.Difference difference -> common(catalog, difference.parts());
            case Formula.PerCustomer perCustomer -> unitOf(catalog, perCustomer.metric()) == MetricUnit.MONEY ? MetricUnit.MONEY : MetricUnit.NUMBER;
            case Formula.PerItem perItem -> perItem.statistic() == Formula.Statistic.COUNT ? MetricUnit.COUNT : unitOf(catalog, perItem.metric());
        };
    }

    private Polarity defaultPolarity(MetricCatalog catalog) {
        return switch (formula) {
            case Formula.OfMeter meter -> Polarity.NEUTRAL;
            case Formula.OfBilling billing -> Polarity.NEUTRAL;
            case Formula.Sum sum -> {
                List<Polarity> polarities = sum.parts().stream().map(part -> catalog.require(part).polarity()).distinct().toList();
                yield polarities.size() == 1 ? polarities.getFirst() : Polarity.NEUTRAL;
            }
            default -> catalog.require(formula.references().getFirst()).polarity();
        };
    }

    private static MetricUnit unitOf(MetricCatalog catalog, MetricKey key) {
        return catalog.require(key).unit();
    }

    private static MetricUnit common(MetricCatalog catalog, List<MetricKey> parts) {
        List<MetricUnit> units = parts.stream().map(part -> unitOf(catalog, part)).distinct().toList();
        return units.size() == 1 ? units.getFirst() : MetricUnit.NUMBER;
    }
}
