package io.tally.domain.metric;

import static io.tally.domain.metric.MetricEvaluatorTest.keys;
import static io.tally.domain.metric.MetricEvaluatorTest.meterMetric;
import static io.tally.domain.metric.MetricEvaluatorTest.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.analytics.MeterKey;
import io.tally.domain.billing.BillingMeasure;
import io.tally.domain.common.InvalidValueException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricCatalogTest {

    @Test
    void aFormulaNamingAnUnknownMetricIsRefusedNamingTheField() {
        MetricCatalog catalog = MetricCatalog.of(List.of(meterMetric("views")));
        Metric rate = metric("rate", MetricUnit.PERCENT, 2, new Formula.Ratio(MetricKey.of("views"), MetricKey.of("nothing"), BigDecimal.TEN));

        assertThatThrownBy(() -> catalog.checkReferences(rate)).isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("formula.ratio.denominator"))
                .hasMessageContaining("'nothing' is not a metric");
    }

    @Test
    void aCycleThroughOtherMetricsIsRefusedAndNamed() {
        // a = b + c, b = views + d; now d is changed to refer to a: d → a → b → d
        MetricCatalog catalog = MetricCatalog.of(List.of(meterMetric("views"), meterMetric("c"), meterMetric("d"),
                metric("b", MetricUnit.COUNT, null, new Formula.Sum(keys("views", "d"))),
                metric("a", MetricUnit.COUNT, null, new Formula.Sum(keys("b", "c")))));
        Metric changed = metric("d", MetricUnit.COUNT, null, new Formula.Sum(keys("views", "a")));

        assertThatThrownBy(() -> catalog.checkReferences(changed)).isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("formula.sum[1]"))
                .hasMessageContaining("d → a → b → d");
    }

    @Test
    void aMetricCannotReferToItself() {
        assertThatThrownBy(() -> metric("x", MetricUnit.COUNT, null, new Formula.PerCustomer(MetricKey.of("x"))))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("refers to itself");
    }

    @Test
    void theLeavesAreTheMetersBillingMeasuresAndActiveCustomersUnderneath() {
        MetricCatalog catalog = MetricCatalog.of(List.of(meterMetric("views"),
                metric("views_per_customer", MetricUnit.NUMBER, null, new Formula.PerCustomer(MetricKey.of("views"))),
                metric("views_per_paying", MetricUnit.NUMBER, null,
                        new Formula.Ratio(MetricKey.of("views"), BuiltInMetrics.PAYING_CUSTOMERS, BigDecimal.ONE))));

        assertThat(catalog.leaves(catalog.require(MetricKey.of("views_per_customer"))))
                .isEqualTo(new MetricCatalog.Leaves(java.util.Set.of(MeterKey.of("views")), java.util.Set.of(), true));
        assertThat(catalog.leaves(catalog.require(MetricKey.of("views_per_paying"))))
                .isEqualTo(new MetricCatalog.Leaves(java.util.Set.of(MeterKey.of("views")),
                        java.util.Set.of(BillingMeasure.PAYING_CUSTOMERS), false));
        assertThat(catalog.leaves(BuiltInMetrics.get(BuiltInMetrics.NET_NEW_MRR)).billing()).containsExactlyInAnyOrder(
                BillingMeasure.NEW_MRR, BillingMeasure.EXPANSION_MRR, BillingMeasure.CONTRACTION_MRR, BillingMeasure.CHURNED_MRR,
                BillingMeasure.REACTIVATION_MRR);
    }

    @Test
    void usersAreTheMetricsThatNameAMetricOrAMeter() {
        MetricCatalog catalog = MetricCatalog.of(List.of(meterMetric("views"), meterMetric("likes"),
                metric("rate", MetricUnit.PERCENT, 2, new Formula.Ratio(MetricKey.of("likes"), MetricKey.of("views"), BigDecimal.TEN))));

        assertThat(catalog.usersOf(MetricKey.of("views"))).containsExactly(MetricKey.of("rate"));
        assertThat(catalog.usersOf(MeterKey.of("likes"))).containsExactly(MetricKey.of("likes"));
    }

    @Test
    void everyBuiltInMetricsReferencesExist() {
        MetricCatalog catalog = MetricCatalog.of(List.of());
        BuiltInMetrics.all().forEach(catalog::checkReferences);
        assertThat(BuiltInMetrics.get(BuiltInMetrics.SUCCESS_RATE).unit()).isEqualTo(MetricUnit.PERCENT);
        assertThat(BuiltInMetrics.get(MetricKey.of("failed_transcriptions")).polarity()).isEqualTo(Polarity.LOWER_IS_BETTER);
        assertThat(BuiltInMetrics.get(MetricKey.of("call_cost")).unit()).isEqualTo(MetricUnit.MONEY);
        assertThat(BuiltInMetrics.get(MetricKey.of("call_duration_avg_s")).unit()).isEqualTo(MetricUnit.SECONDS);
        assertThat(BuiltInMetrics.get(MetricKey.of("storage_used_mb")).unit()).isEqualTo(MetricUnit.MEGABYTES);
    }

    @Test
    void polarityJudgesAChange() {
        assertThat(Polarity.LOWER_IS_BETTER.judge(new BigDecimal("-12.5"))).isEqualTo(Polarity.Verdict.GOOD);
        assertThat(Polarity.LOWER_IS_BETTER.judge(new BigDecimal("3"))).isEqualTo(Polarity.Verdict.BAD);
        assertThat(Polarity.HIGHER_IS_BETTER.judge(new BigDecimal("3"))).isEqualTo(Polarity.Verdict.GOOD);
        assertThat(Polarity.NEUTRAL.judge(new BigDecimal("3"))).isEqualTo(Polarity.Verdict.NEUTRAL);
        assertThat(Polarity.HIGHER_IS_BETTER.judge(BigDecimal.ZERO)).isEqualTo(Polarity.Verdict.NEUTRAL);
        assertThat(Polarity.HIGHER_IS_BETTER.judge(null)).isEqualTo(Polarity.Verdict.NEUTRAL);
    }

    @Test
    void aPerItemFigureIsOfUsageAloneAndNoPartOfAnotherFormula() {
        Metric meanRate = metric("mean_rate", MetricUnit.PERCENT, 2, new Formula.PerItem(MetricKey.of("rate"), "content_id",
                Formula.Statistic.MEAN));
        MetricCatalog catalog = MetricCatalog.of(List.of(meterMetric("views"), meterMetric("likes"),
                metric("rate", MetricUnit.PERCENT, 2, new Formula.Ratio(MetricKey.of("likes"), MetricKey.of("views"), BigDecimal.TEN)),
                meanRate));

        catalog.checkReferences(meanRate);
        assertThatThrownBy(() -> catalog.checkReferences(metric("twice", MetricUnit.NUMBER, null, new Formula.Sum(keys("mean_rate", "views")))))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("'mean_rate' is a per-item figure")
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("formula.sum[0]"));
        assertThatThrownBy(() -> catalog.checkReferences(metric("mean_mrr", MetricUnit.MONEY, null, new Formula.PerItem(BuiltInMetrics.MRR,
                "plan", Formula.Statistic.MEAN)))).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("not measured from usage events alone");
        // a metric others use cannot become a per-item one
        assertThatThrownBy(() -> catalog.checkReferences(metric("likes", MetricUnit.NUMBER, null, new Formula.PerItem(MetricKey.of("views"),
                "content_id", Formula.Statistic.COUNT)))).isInstanceOf(InvalidValueException.class).hasMessageContaining("rate use this one");
        assertThatThrownBy(() -> new Formula.PerItem(MetricKey.of("rate"), "@weekday", Formula.Statistic.MEAN))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("is not a data name");
    }
}
