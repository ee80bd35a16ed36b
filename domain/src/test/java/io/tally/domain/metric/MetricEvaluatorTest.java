package io.tally.domain.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.analytics.MeterKey;
import io.tally.domain.billing.BillingMeasure;
import io.tally.domain.common.InvalidValueException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MetricEvaluatorTest {

    static Metric meterMetric(String key) {
        return new Metric(MetricKey.of(key), Metric.nameFromKey(MetricKey.of(key)), Optional.empty(), MetricUnit.COUNT,
                Polarity.HIGHER_IS_BETTER, Optional.of(0), new Formula.OfMeter(MeterKey.of(key)), false);
    }

    static Metric metric(String key, MetricUnit unit, Integer decimals, Formula formula) {
        return new Metric(MetricKey.of(key), Metric.nameFromKey(MetricKey.of(key)), Optional.empty(), unit, Polarity.NEUTRAL,
                Optional.ofNullable(decimals), formula, false);
    }

    static List<MetricKey> keys(String... keys) {
        return Arrays.stream(keys).map(MetricKey::of).toList();
    }

    /** Buckets of one group dimension: each bucket a map from the dimension's value to a number. */
    @SafeVarargs
    static Series byPlatform(Map<String, Integer>... buckets) {
        List<Map<List<String>, BigDecimal>> values = new ArrayList<>();
        for (Map<String, Integer> bucket : buckets) {
            Map<List<String>, BigDecimal> map = new HashMap<>();
            bucket.forEach((platform, value) -> map.put(List.of(platform), BigDecimal.valueOf(value)));
            values.add(map);
        }
        return Series.of(List.of("platform"), values, BigDecimal.ZERO);
    }

    record Measured(Map<String, Series> meters) implements MetricEvaluator.Measured {
        @Override
        public Series meter(MeterKey meter) {
            return meters.get(meter.value());
        }

        @Override
        public Series billing(BillingMeasure measure) {
            return meters.get(measure.wireName());
        }

        @Override
        public Series activeCustomers() {
            return meters.get("active");
        }
    }

    @Nested
    class EngagementRatePerPlatform {

        // Two days, two platforms. Day 1: x has 10 views and 2 + 1 + 0 engagements, y 0 views and 1 like.
        // Day 2: x has 4 views, 1 + 0 + 1; y has 8 views, 0 + 0 + 0.
        final Series views = byPlatform(Map.of("x", 10, "y", 0), Map.of("x", 4, "y", 8));
        final Series likes = byPlatform(Map.of("x", 2, "y", 1), Map.of("x", 1));
        final Series shares = byPlatform(Map.of("x", 1), Map.of());
        final Series comments = byPlatform(Map.of(), Map.of("x", 1));
        final MetricCatalog catalog = MetricCatalog.of(List.of(meterMetric("views"), meterMetric("likes"), meterMetric("shares"),
                meterMetric("comments"),
                metric("engagement", MetricUnit.COUNT, null, new Formula.Sum(keys("likes", "shares", "comments"))),
                metric("engagement_rate", MetricUnit.PERCENT, 2,
                        new Formula.Ratio(MetricKey.of("engagement"), MetricKey.of("views"), BigDecimal.valueOf(100)))));

        Series evaluate(String key) {
            return new MetricEvaluator(catalog, new Measured(Map.of("views", views, "likes", likes, "shares", shares,
                    "comments", comments))).evaluate(catalog.require(MetricKey.of(key)));
        }

        @Test
        void engagementAddsThePartsPerGroup() {
            Series engagement = evaluate("engagement");

            // day 1: x 2 + 1 + 0 = 3, y 1 + 0 + 0 = 1; day 2: x 1 + 0 + 1 = 2, y is absent everywhere but in views: not a group of it
            assertThat(engagement.value(0, List.of("x"))).isEqualByComparingTo("3");
            assertThat(engagement.value(0, List.of("y"))).isEqualByComparingTo("1");
            assertThat(engagement.value(1, List.of("x"))).isEqualByComparingTo("2");
            assertThat(engagement.value(1, List.of("y"))).isEqualByComparingTo("0");
        }

        @Test
        void theRateIsNullWhereThereAreNoViews() {
            Series rate = evaluate("engagement_rate");

            // day 1: x 3 ÷ 10 × 100 = 30.00, y 1 ÷ 0: null; day 2: x 2 ÷ 4 = 50.00, y 0 ÷ 8 = 0.00
            assertThat(rate.value(0, List.of("x"))).isEqualTo(new BigDecimal("30.00"));
            assertThat(rate.value(0, List.of("y"))).isNull();
            assertThat(rate.value(1, List.of("x"))).isEqualTo(new BigDecimal("50.00"));
            assertThat(rate.value(1, List.of("y"))).isEqualTo(new BigDecimal("0.00"));
            assertThat(rate.keys(1)).containsExactlyInAnyOrder(List.of("x"), List.of("y"));
        }
    }

    @Test
    void anUngroupedPartAppliesToEveryGroup() {
        // cost per currency ÷ all calls: USD 1.00 and EUR 0.50 over 4 calls
        Series cost = Series.of(List.of("currency"), List.of(Map.of(List.of("USD"), new BigDecimal("1.00"), List.of("EUR"),
                new BigDecimal("0.50"))), BigDecimal.ZERO);
        Series calls = Series.of(List.of(), List.of(Map.of(List.of(), BigDecimal.valueOf(4))), BigDecimal.ZERO);
        MetricCatalog catalog = MetricCatalog.of(List.of(metric("cost", MetricUnit.MONEY, null, new Formula.OfMeter(MeterKey.of("cost"))),
                meterMetric("n"), metric("cost_per_call", MetricUnit.MONEY, 4,
                        new Formula.Ratio(MetricKey.of("cost"), MetricKey.of("n"), BigDecimal.ONE))));

        Series perCall = new MetricEvaluator(catalog, new Measured(Map.of("cost", cost, "n", calls)))
                .evaluate(catalog.require(MetricKey.of("cost_per_call")));

        assertThat(perCall.value(0, List.of("USD"))).isEqualTo(new BigDecimal("0.2500"));
        assertThat(perCall.value(0, List.of("EUR"))).isEqualTo(new BigDecimal("0.1250"));
    }

    @Test
    void moneyWithoutDecimalsIsRoundedToTheCurrencysMinorUnit() {
        // 1000 JPY over 3 customers: 333.33… → 333 (JPY has no minor unit); 10.00 USD ÷ 3 → 3.33
        Series mrr = Series.of(List.of("currency"), List.of(Map.of(List.of("JPY"), BigDecimal.valueOf(1000), List.of("USD"),
                new BigDecimal("10.00"))), BigDecimal.ZERO);
        Series paying = Series.of(List.of("currency"), List.of(Map.of(List.of("JPY"), BigDecimal.valueOf(3), List.of("USD"),
                BigDecimal.valueOf(3))), BigDecimal.ZERO);
        MetricCatalog catalog = MetricCatalog.of(List.of());
        Map<String, Series> measured = Map.of("mrr", mrr, "paying_customers_in_currency", paying);

        Series arpu = new MetricEvaluator(catalog, new Measured(measured)).evaluate(BuiltInMetrics.get(BuiltInMetrics.ARPU));

        assertThat(arpu.value(0, List.of("JPY"))).isEqualTo(new BigDecimal("333"));
        assertThat(arpu.value(0, List.of("USD"))).isEqualTo(new BigDecimal("3.33"));
    }

    @Test
    void aSumWithAPartWithoutValueHasNoValue() {
        Series average = Series.of(List.of(), List.of(Map.of(), Map.of(List.of(), BigDecimal.TEN)), null);
        Series count = Series.of(List.of(), List.of(Map.of(List.of(), BigDecimal.ONE), Map.of(List.of(), BigDecimal.ONE)), BigDecimal.ZERO);
        MetricCatalog catalog = MetricCatalog.of(List.of(meterMetric("avg"), meterMetric("n"),
                metric("both", MetricUnit.NUMBER, null, new Formula.Sum(keys("avg", "n")))));

        Series both = new MetricEvaluator(catalog, new Measured(Map.of("avg", average, "n", count))).evaluate(catalog.require(MetricKey.of("both")));

        assertThat(both.value(0, List.of())).isNull();
        assertThat(both.value(1, List.of())).isEqualTo(new BigDecimal("11.00"));
    }

    @Test
    void aValuePerCustomerDividesByTheActiveCustomers() {
        // 7 calls by 2 active customers: 3.50; a day with no active customer has no value
        Series calls = Series.of(List.of(), List.of(Map.of(List.of(), BigDecimal.valueOf(7)), Map.of()), BigDecimal.ZERO);
        Series active = Series.of(List.of(), List.of(Map.of(List.of(), BigDecimal.valueOf(2)), Map.of()), BigDecimal.ZERO);
        MetricCatalog catalog = MetricCatalog.of(List.of(meterMetric("n"),
                metric("n_per_customer", MetricUnit.NUMBER, null, new Formula.PerCustomer(MetricKey.of("n")))));

        Series perCustomer = new MetricEvaluator(catalog, new Measured(Map.of("n", calls, "active", active)))
                .evaluate(catalog.require(MetricKey.of("n_per_customer")));

        assertThat(perCustomer.value(0, List.of())).isEqualTo(new BigDecimal("3.50"));
        assertThat(perCustomer.value(1, List.of())).isNull();
    }

    @Test
    void aDifferenceTakesTheOthersFromTheFirst() {
        Series signups = Series.of(List.of(), List.of(Map.of(List.of(), BigDecimal.valueOf(9))), BigDecimal.ZERO);
        Series churned = Series.of(List.of(), List.of(Map.of(List.of(), BigDecimal.valueOf(4))), BigDecimal.ZERO);
        MetricCatalog catalog = MetricCatalog.of(List.of(
                metric("net_adds", MetricUnit.COUNT, null, new Formula.Difference(keys("new_signups", "churned_customers")))));

        Series net = new MetricEvaluator(catalog, new Measured(Map.of("new_signups", signups, "churned_customers", churned)))
                .evaluate(catalog.require(MetricKey.of("net_adds")));

        assertThat(net.value(0, List.of())).isEqualTo(new BigDecimal("5"));
    }

    @Test
    void partsSplitByUnrelatedDimensionsCannotBeCombined() {
        Series byAgent = Series.of(List.of("agent"), List.of(Map.of(List.of("ana"), BigDecimal.ONE)), BigDecimal.ZERO);
        Series byCurrency = Series.of(List.of("currency"), List.of(Map.of(List.of("USD"), BigDecimal.ONE)), BigDecimal.ZERO);
        MetricCatalog catalog = MetricCatalog.of(List.of(meterMetric("a"), meterMetric("b"),
                metric("ab", MetricUnit.NUMBER, null, new Formula.Sum(keys("a", "b")))));

        assertThatThrownBy(() -> new MetricEvaluator(catalog, new Measured(Map.of("a", byAgent, "b", byCurrency)))
                .evaluate(catalog.require(MetricKey.of("ab"))))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("split them the same way");
    }
}
