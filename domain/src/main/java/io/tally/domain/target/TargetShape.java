package io.tally.domain.target;

import io.tally.domain.analytics.Aggregation;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.billing.BillingMeasure;
import io.tally.domain.metric.Formula;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricCatalog;
import io.tally.domain.metric.MetricKey;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * How a metric's value over a whole period follows from its daily values, which is what lets a target's period be
 * projected from the days so far and a forecast of the days left:
 * <ul>
 *   <li>{@link Additive}: the period's value is the sum of its days' (a count or sum meter, a flow of billing such as new
 *       MRR or revenue, and sums and differences of those);</li>
 *   <li>{@link RatioOfSums}: the period's value is one additive metric's sum over another's, times a scale (a success
 *       rate, a failure share, an engagement rate);</li>
 *   <li>{@link Level}: the period's value is the value on its last day (MRR, paying customers, and sums, differences
 *       and ratios of those).</li>
 * </ul>
 * A metric of none of these shapes (an average, a maximum, unique counts, a per-item statistic, a churn rate) has no
 * projection, and so takes no target.
 */
public sealed interface TargetShape {

    /** The billing measures that flow over a period (their period value is the sum of their days'). */
    Set<BillingMeasure> FLOWS = EnumSet.of(BillingMeasure.NEW_SIGNUPS, BillingMeasure.CHURNED_CUSTOMERS, BillingMeasure.NEW_MRR,
            BillingMeasure.EXPANSION_MRR, BillingMeasure.CONTRACTION_MRR, BillingMeasure.CHURNED_MRR, BillingMeasure.REACTIVATION_MRR,
            BillingMeasure.GROSS_REVENUE, BillingMeasure.REFUNDS, BillingMeasure.NET_REVENUE);
    /** The billing measures that are a level at a moment (their period value is their last day's). */
    Set<BillingMeasure> LEVELS = EnumSet.of(BillingMeasure.PAYING_CUSTOMERS, BillingMeasure.PAYING_CUSTOMERS_IN_CURRENCY, BillingMeasure.MRR);

    record Additive(MetricKey metric) implements TargetShape {
        public Additive {
            Objects.requireNonNull(metric, "metric");
        }
    }

    record RatioOfSums(MetricKey numerator, MetricKey denominator, BigDecimal scale) implements TargetShape {
        public RatioOfSums {
            Objects.requireNonNull(numerator, "numerator");
            Objects.requireNonNull(denominator, "denominator");
            Objects.requireNonNull(scale, "scale");
        }
    }

    record Level(MetricKey metric) implements TargetShape {
        public Level {
            Objects.requireNonNull(metric, "metric");
        }
    }

    /** The shape of {@code metric}, its parts looked up in {@code catalog} and its meters by {@code meters}; none when it has none. */
    static Optional<TargetShape> of(Metric metric, MetricCatalog catalog, Function<MeterKey, Optional<Meter>> meters) {
        Kind kind = kind(metric, catalog, meters);
        if (kind == Kind.ADDITIVE) {
            return Optional.of(new Additive(metric.key()));
        }
        if (kind == Kind.LEVEL) {
            return Optional.of(new Level(metric.key()));
        }
        if (metric.formula() instanceof Formula.Ratio ratio && kind(catalog.require(ratio.numerator()), catalog, meters) == Kind.ADDITIVE
                && kind(catalog.require(ratio.denominator()), catalog, meters) == Kind.ADDITIVE) {
            return Optional.of(new RatioOfSums(ratio.numerator(), ratio.denominator(), ratio.scale()));
        }
        return Optional.empty();
    }

    /** Why a metric of no shape takes no target, for the error that says so. */
    String NO_SHAPE = "a target needs a metric whose value over a period is the sum of its days' (counts, sums, revenue), a ratio of two "
            + "such sums (rates, shares), or its value on the last day (MRR, paying customers); averages, maximums, unique counts, "
            + "per-item statistics and churn rates can't be projected to the end of a period";

    private static Kind kind(Metric metric, MetricCatalog catalog, Function<MeterKey, Optional<Meter>> meters) {
        return switch (metric.formula()) {
            case Formula.OfMeter meter -> meters.apply(meter.meter()).map(Meter::aggregation)
                    .map(aggregation -> aggregation == Aggregation.COUNT || aggregation == Aggregation.SUM ? Kind.ADDITIVE : Kind.OTHER)
                    .orElse(Kind.OTHER);
            case Formula.OfBilling billing -> FLOWS.contains(billing.measure()) ? Kind.ADDITIVE
                    : LEVELS.contains(billing.measure()) ? Kind.LEVEL : Kind.OTHER;
            case Formula.Sum sum -> same(sum.parts().stream().map(part -> kind(catalog.require(part), catalog, meters)).toList());
            case Formula.Difference difference -> same(difference.parts().stream().map(part -> kind(catalog.require(part), catalog, meters)).toList());
            case Formula.Ratio ratio -> kind(catalog.require(ratio.numerator()), catalog, meters) == Kind.LEVEL
                    && kind(catalog.require(ratio.denominator()), catalog, meters) == Kind.LEVEL ? Kind.LEVEL : Kind.OTHER;
            default -> Kind.OTHER;
        };
    }

    private static Kind same(java.util.List<Kind> kinds) {
        return kinds.stream().distinct().count() == 1 && kinds.getFirst() != Kind.OTHER ? kinds.getFirst() : Kind.OTHER;
    }

    enum Kind { ADDITIVE, LEVEL, OTHER }
}
