package io.tally.domain.metric;

import io.tally.domain.analytics.MeterKey;
import io.tally.domain.billing.BillingMeasure;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.usage.EventData;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a metric is computed: from one meter, from billing facts, or from other metrics. Derived values are
 * computed per bucket and per group from the same measurements as their parts, never from rounded parts.
 */
public sealed interface Formula {

    /** The most parts a sum or a difference may have. */
    int MAX_PARTS = 5;
    /** The largest scale a ratio may multiply by. */
    BigDecimal MAX_SCALE = new BigDecimal("1000000000");

    /** The metrics this formula is made of, in order; none for a meter or a billing measure. */
    List<MetricKey> references();

    /** One meter's value. */
    record OfMeter(MeterKey meter) implements Formula {
        public OfMeter {
            Objects.requireNonNull(meter, "meter");
        }

        @Override
        public List<MetricKey> references() {
            return List.of();
        }
    }

    /** A billing figure (built-in metrics only). */
    record OfBilling(BillingMeasure measure) implements Formula {
        public OfBilling {
            Objects.requireNonNull(measure, "measure");
        }

        @Override
        public List<MetricKey> references() {
            return List.of();
        }
    }

    /** numerator ÷ denominator × scale; null when the denominator is 0 or either has no value. */
    record Ratio(MetricKey numerator, MetricKey denominator, BigDecimal scale) implements Formula {
        public Ratio {
            Objects.requireNonNull(numerator, "numerator");
            Objects.requireNonNull(denominator, "denominator");
            Objects.requireNonNull(scale, "scale");
            if (scale.signum() <= 0 || scale.compareTo(MAX_SCALE) > 0) {
                throw new InvalidValueException("formula.ratio.scale", "must be above 0 and at most " + MAX_SCALE.toPlainString());
            }
        }

        @Override
        public List<MetricKey> references() {
            return List.of(numerator, denominator);
        }
    }

    /** The parts added up; no value when any part has none. */
    record Sum(List<MetricKey> parts) implements Formula {
        public Sum {
            parts = checkedParts(parts, "formula.sum");
        }

        @Override
        public List<MetricKey> references() {
            return parts;
        }
    }

    /** The first part minus the others; no value when any part has none. */
    record Difference(List<MetricKey> parts) implements Formula {
        public Difference {
            parts = checkedParts(parts, "formula.difference");
        }

        @Override
        public List<MetricKey> references() {
            return parts;
        }
    }

    /** A metric divided by the customers active in the bucket (with at least one usage event in it); null when none was. */
    record PerCustomer(MetricKey metric) implements Formula {
        public PerCustomer {
            Objects.requireNonNull(metric, "metric");
        }

        @Override
        public List<MetricKey> references() {
            return List.of(metric);
        }
    }

    /**
     * A statistic over items: the metric measured per value of {@code dimension} (per post, per buyer), then over
     * those values that have one, their {@link Statistic#MEAN mean} or {@link Statistic#COUNT count}. The mean
     * engagement rate per post is the mean of each post's rate, not the rate of all posts together. The metric is
     * measured from usage events only, and a per-item figure is not a part of another formula.
     */
    record PerItem(MetricKey metric, String dimension, Statistic statistic) implements Formula {
        public PerItem {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(statistic, "statistic");
            if (!EventData.isName(dimension)) {
                throw new InvalidValueException("formula.per_item.dimension", "'" + dimension
                        + "' is not a data name (1-64 letters, digits, '_', '.' or '-', starting with a letter or '_')");
            }
        }

        @Override
        public List<MetricKey> references() {
            return List.of(metric);
        }
    }

    /** What a {@link PerItem} takes of the items' values. */
    enum Statistic {
        /** Their mean: no value when no item has one. */
        MEAN,
        /** How many items have a value. */
        COUNT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Statistic fromWireName(String value, String field) {
            for (Statistic statistic : values()) {
                if (statistic.wireName().equals(value)) {
                    return statistic;
                }
            }
            throw new InvalidValueException(field, "must be mean or count");
        }
    }

    private static List<MetricKey> checkedParts(List<MetricKey> parts, String field) {
        Objects.requireNonNull(parts, "parts");
        if (parts.size() < 2 || parts.size() > MAX_PARTS) {
            throw new InvalidValueException(field, "takes 2 to " + MAX_PARTS + " metrics");
        }
        if (new HashSet<>(parts).size() != parts.size()) {
            throw new InvalidValueException(field, "names a metric twice");
        }
        return List.copyOf(parts);
    }
}
