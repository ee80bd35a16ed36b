package io.tally.domain.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tally.domain.analytics.BuiltInMeters;
import io.tally.domain.insight.Smoothing;
import io.tally.domain.metric.BuiltInMetrics;
import io.tally.domain.metric.MetricCatalog;
import io.tally.domain.metric.MetricKey;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TargetProjectionTest {

    @Test
    void statusComesFromWhereTheTargetLiesAgainstThe80PercentInterval() {
        // outcomes 0..100: the 10th percentile is 10, the 90th is 90
        double[] outcomes = new double[101];
        for (int i = 0; i <= 100; i++) {
            outcomes[i] = i;
        }
        TargetProjection atLeast5 = TargetProjection.of(outcomes, TargetComparison.AT_LEAST, 5);
        assertThat(atLeast5.low80()).isEqualTo(10.0);
        assertThat(atLeast5.high80()).isEqualTo(90.0);
        assertThat(atLeast5.projected()).isEqualTo(50.0);
        assertThat(atLeast5.status()).isEqualTo(TargetStatus.ON_TRACK);
        assertThat(TargetProjection.of(outcomes, TargetComparison.AT_LEAST, 10).status()).isEqualTo(TargetStatus.ON_TRACK);
        assertThat(TargetProjection.of(outcomes, TargetComparison.AT_LEAST, 60).status()).isEqualTo(TargetStatus.AT_RISK);
        assertThat(TargetProjection.of(outcomes, TargetComparison.AT_LEAST, 95).status()).isEqualTo(TargetStatus.OFF_TRACK);
        assertThat(TargetProjection.of(outcomes, TargetComparison.AT_MOST, 95).status()).isEqualTo(TargetStatus.ON_TRACK);
        assertThat(TargetProjection.of(outcomes, TargetComparison.AT_MOST, 40).status()).isEqualTo(TargetStatus.AT_RISK);
        assertThat(TargetProjection.of(outcomes, TargetComparison.AT_MOST, 5).status()).isEqualTo(TargetStatus.OFF_TRACK);
    }

    @Test
    void outcomesWithoutAValueAreLeftOutAndNoneGivesNoProjection() {
        assertThat(TargetProjection.of(new double[] {Double.NaN, Double.NaN}, TargetComparison.AT_MOST, 2)).isNull();
        TargetProjection one = TargetProjection.of(new double[] {Double.NaN, 3}, TargetComparison.AT_MOST, 2);
        assertThat(one.paths()).isEqualTo(1);
        assertThat(one.status()).isEqualTo(TargetStatus.OFF_TRACK);
    }

    @Test
    void additiveAddsTheDaysLeftToTheDaysSoFarFlooringNegativeDaysOfACount() {
        double[][] paths = {{3, -2, 4}, {1, 1, 1}};
        assertThat(TargetProjection.additive(10, paths, true)).containsExactly(17, 13);
        assertThat(TargetProjection.additive(10, paths, false)).containsExactly(15, 13);
    }

    @Test
    void aRatioIsOfTheTwoSumsNotAMeanOfDailyRatios() {
        // 2 failed of 100 so far; path 1 adds 100 calls at a share of 0, path 2 100 at 0.08, path 3 none (a negative day floored)
        double[][] calls = {{100}, {100}, {-5}};
        double[][] shares = {{0}, {0.08}, {0.5}};
        double[] rates = TargetProjection.ratio(2, 100, calls, shares, Double.POSITIVE_INFINITY, 100);
        assertThat(rates[0]).isCloseTo(1.0, within(1e-12));
        assertThat(rates[1]).isCloseTo(5.0, within(1e-12));
        assertThat(rates[2]).isCloseTo(2.0, within(1e-12));
        assertThat(TargetProjection.ratio(0, 0, new double[][] {{0}}, new double[][] {{1}}, 1, 100)[0]).isNaN();
        // a part can't pass its whole: a share drawn at 1.3 counts as 1
        assertThat(TargetProjection.ratio(50, 100, new double[][] {{100}}, new double[][] {{1.3}}, 1, 100)[0]).isCloseTo(75.0, within(1e-12));
    }

    @Test
    void dailySharesCarryTheDayBeforeOverDaysWithNothingToDivide() {
        assertThat(TargetProjection.shares(new double[] {0, 1, 0, 3}, new double[] {0, 4, 0, 4})).containsExactly(0.5, 0.25, 0.25, 0.75);
        assertThat(TargetProjection.shares(new double[] {0, 0}, new double[] {0, 0})).containsExactly(0, 0);
    }

    @Test
    void aLevelIsTheLastDaysValue() {
        assertThat(TargetProjection.level(new double[][] {{5, 6, 7}, {5, 4, -1}}, true)).containsExactly(7, 0);
    }

    @Test
    void samplePathsFollowTheModelsMeanAndVariance() {
        double[] values = new double[56];
        Random noise = new Random(7);
        for (int t = 0; t < values.length; t++) {
            values[t] = 100 + 2 * t + (t % 7 == 5 || t % 7 == 6 ? -30 : 0) + noise.nextGaussian() * 5;
        }
        for (Smoothing.Fit fit : List.of(Smoothing.holt(values), Smoothing.holtWinters(values, 7))) {
            int steps = 14;
            double[][] paths = fit.paths(steps, 20_000, new Random(11));
            for (int h : new int[] {1, 7, 14}) {
                double mean = 0;
                for (double[] path : paths) {
                    mean += path[h - 1];
                }
                mean /= paths.length;
                double variance = 0;
                for (double[] path : paths) {
                    variance += (path[h - 1] - mean) * (path[h - 1] - mean);
                }
                variance /= paths.length - 1;
                double sd = Math.sqrt(fit.variance(h));
                assertThat(mean).as("mean at %d", h).isCloseTo(fit.mean(h), within(0.05 * sd));
                assertThat(variance / fit.variance(h)).as("variance ratio at %d", h).isCloseTo(1.0, within(0.05));
            }
        }
    }

    @Test
    void periodsStartAndEndOnCalendarBoundaries() {
        LocalDate day = LocalDate.of(2026, 11, 18); // a Wednesday
        assertThat(TargetPeriod.DAY.start(day)).isEqualTo(day);
        assertThat(TargetPeriod.WEEK.start(day)).isEqualTo(LocalDate.of(2026, 11, 16));
        assertThat(TargetPeriod.WEEK.end(day)).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(TargetPeriod.MONTH.end(day)).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(TargetPeriod.QUARTER.start(day)).isEqualTo(LocalDate.of(2026, 10, 1));
        assertThat(TargetPeriod.QUARTER.end(day)).isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(TargetPeriod.QUARTER.start(LocalDate.of(2026, 3, 31))).isEqualTo(LocalDate.of(2026, 1, 1));
    }

    @Test
    void shapesFollowHowAMetricAddsUpOverAPeriod() {
        MetricCatalog catalog = MetricCatalog.of(List.of());
        assertThat(shape(catalog, "calls")).isEqualTo(new TargetShape.Additive(MetricKey.of("calls")));
        assertThat(shape(catalog, "net_sales")).isEqualTo(new TargetShape.Additive(MetricKey.of("net_sales")));
        assertThat(shape(catalog, "new_mrr")).isEqualTo(new TargetShape.Additive(MetricKey.of("new_mrr")));
        assertThat(shape(catalog, "success_rate")).isEqualTo(new TargetShape.RatioOfSums(MetricKey.of("completed_calls"),
                MetricKey.of("calls"), BigDecimal.valueOf(100)));
        assertThat(shape(catalog, "mrr")).isEqualTo(new TargetShape.Level(MetricKey.of("mrr")));
        assertThat(shape(catalog, "arpu")).isEqualTo(new TargetShape.Level(MetricKey.of("arpu")));
        assertThat(TargetShape.of(catalog.require(MetricKey.of("call_duration_avg_s")), catalog, BuiltInMeters::find)).isEmpty();
        assertThat(TargetShape.of(catalog.require(BuiltInMetrics.CUSTOMER_CHURN_RATE), catalog, BuiltInMeters::find)).isEmpty();
        assertThat(TargetShape.of(catalog.require(BuiltInMetrics.POST_ENGAGEMENT_RATE), catalog, BuiltInMeters::find)).isEmpty();
    }

    private static TargetShape shape(MetricCatalog catalog, String key) {
        return TargetShape.of(catalog.require(MetricKey.of(key)), catalog, BuiltInMeters::find).orElseThrow();
    }
}
