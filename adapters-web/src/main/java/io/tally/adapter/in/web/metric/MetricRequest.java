package io.tally.adapter.in.web.metric;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.metric.Formula;
import io.tally.domain.metric.MetricDraft;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.metric.Polarity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A metric's definition. {@code key} is taken from the path when updating. {@code formula} is one of
 * {@code {"meter": key}}, {@code {"ratio": {"numerator": key, "denominator": key, "scale": 100}}},
 * {@code {"sum": [keys]}}, {@code {"difference": [keys]}} (2 to 5 metrics), {@code {"per_customer": key}} and
 * {@code {"per_item": {"metric": key, "dimension": name, "statistic": "mean" | "count"}}}.
 * {@code name}, {@code unit}, {@code polarity} and {@code decimals} are optional: without them the name comes from
 * the key and the unit and polarity from the formula's parts.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record MetricRequest(@Nullable String key, @Nullable String name, @Nullable String description, @Nullable String unit,
                     @Nullable String polarity, @Nullable Integer decimals, @NotNull @Valid FormulaRequest formula) {

    /** One of the formula's shapes; exactly one field is given. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record FormulaRequest(@Nullable String meter, @Nullable @Schema(type = "object") RatioRequest ratio, @Nullable List<String> sum, @Nullable List<String> difference,
                          @Nullable String perCustomer, @Nullable @Valid @Schema(type = "object") PerItemRequest perItem) {
    }

    /** A metric's mean (or the count of items with a value) over the values of a dimension; the statistic defaults to mean. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record PerItemRequest(@Nullable String metric, @Nullable String dimension, @Nullable String statistic) {
    }

    /** {@code numerator ÷ denominator × scale}; the scale defaults to 1. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record RatioRequest(@Nullable String numerator, @Nullable String denominator, @Nullable BigDecimal scale) {
    }

    MetricDraft toDraft(String pathKey) {
        String chosen = pathKey != null ? pathKey : key;
        if (chosen == null) {
            throw new InvalidValueException("key", "is required");
        }
        if (!MetricKey.isValid(chosen)) {
            throw new InvalidValueException("key", "must be 1-64 lower-case letters, digits and '_', starting with a letter");
        }
        return new MetricDraft(MetricKey.of(chosen), Optional.ofNullable(name), Optional.ofNullable(description),
                Optional.ofNullable(unit).map(value -> MetricUnit.fromWireName(value, "unit")),
                Optional.ofNullable(polarity).map(value -> Polarity.fromWireName(value, "polarity")), Optional.ofNullable(decimals),
                toFormula());
    }

    private Formula toFormula() {
        List<String> given = new ArrayList<>();
        if (formula.meter() != null) {
            given.add("meter");
        }
        if (formula.ratio() != null) {
            given.add("ratio");
        }
        if (formula.sum() != null) {
            given.add("sum");
        }
        if (formula.difference() != null) {
            given.add("difference");
        }
        if (formula.perCustomer() != null) {
            given.add("per_customer");
        }
        if (formula.perItem() != null) {
            given.add("per_item");
        }
        if (given.size() != 1) {
            throw new InvalidValueException("formula", given.isEmpty() ? "needs one of meter, ratio, sum, difference, per_customer, per_item"
                    : "takes one of meter, ratio, sum, difference, per_customer, per_item, not " + String.join(" and ", given));
        }
        return switch (given.getFirst()) {
            case "meter" -> {
                if (!MeterKey.isValid(formula.meter())) {
                    throw new InvalidValueException("formula.meter", "'" + formula.meter() + "' is not a meter key");
                }
                yield new Formula.OfMeter(MeterKey.of(formula.meter()));
            }
            case "ratio" -> {
                RatioRequest ratio = formula.ratio();
                yield new Formula.Ratio(key(ratio.numerator(), "formula.ratio.numerator"), key(ratio.denominator(), "formula.ratio.denominator"),
                        ratio.scale() == null ? BigDecimal.ONE : ratio.scale());
            }
            case "sum" -> new Formula.Sum(keys(formula.sum(), "formula.sum"));
            case "difference" -> new Formula.Difference(keys(formula.difference(), "formula.difference"));
            case "per_customer" -> new Formula.PerCustomer(key(formula.perCustomer(), "formula.per_customer"));
            default -> {
                PerItemRequest perItem = formula.perItem();
                if (perItem.dimension() == null) {
                    throw new InvalidValueException("formula.per_item.dimension", "is required");
                }
                yield new Formula.PerItem(key(perItem.metric(), "formula.per_item.metric"), perItem.dimension(),
                        perItem.statistic() == null ? Formula.Statistic.MEAN
                                : Formula.Statistic.fromWireName(perItem.statistic(), "formula.per_item.statistic"));
            }
        };
    }

    private static MetricKey key(String value, String field) {
        if (value == null) {
            throw new InvalidValueException(field, "is required");
        }
        if (!MetricKey.isValid(value)) {
            throw new InvalidValueException(field, "'" + value + "' is not a metric key");
        }
        return MetricKey.of(value);
    }

    private static List<MetricKey> keys(List<String> values, String field) {
        List<MetricKey> keys = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            keys.add(key(values.get(i), field + "[" + i + "]"));
        }
        return keys;
    }
}
