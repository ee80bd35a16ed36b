package io.tally.application.service.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tally.application.port.in.insight.SeriesReading;
import io.tally.domain.insight.Anomalies;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Insights of synthetic series with fixed seeds, where the truth is known. */
class SeriesInsightsTest {

    /** 1 = Monday. */
    private static final int MONDAY = 1;

    @Test
    void aLinearTrendOfTwoPerDayIsRecoveredWithinFivePercentAndPointsUp() {
        Random random = new Random(17);
        double[] values = new double[90];
        for (int i = 0; i < values.length; i++) {
            values[i] = 50 + 2 * i + random.nextGaussian() * 4;
        }

        SeriesReading insights = SeriesInsights.of(values, true, MONDAY, 14);

        assertThat(insights.trend().slope()).isCloseTo(2, within(0.1));
        assertThat(insights.trend().direction()).isEqualTo(SeriesReading.Direction.UP);
        assertThat(insights.trend().strength()).as("R²").isGreaterThan(0.9);
        assertThat(insights.seasonality().detected()).isFalse();
        assertThat(insights.forecast().method()).isEqualTo("holt_linear_trend");
        SeriesReading.Point first = insights.forecast().points().getFirst();
        assertThat(first.value()).as("the next day, near 50 + 2 × 90").isCloseTo(230, within(8.0));
        assertThat(first.low95()).isLessThan(first.low80()).isLessThan(first.value());
        assertThat(first.high95()).isGreaterThan(first.high80()).isGreaterThan(first.value());
        assertThat(insights.forecast().points()).hasSize(14);
        assertThat(insights.backtest().mape()).isLessThan(0.05);
    }

    @Test
    void pureNoiseIsFlatWithoutSeasonality() {
        Random random = new Random(23);
        double[] values = new double[90];
        for (int i = 0; i < values.length; i++) {
            values[i] = 100 + random.nextGaussian() * 10;
        }

        SeriesReading insights = SeriesInsights.of(values, true, MONDAY, 14);

        assertThat(insights.trend().direction()).isEqualTo(SeriesReading.Direction.FLAT);
        assertThat(insights.trend().slopeLow()).isNegative();
        assertThat(insights.trend().slopeHigh()).isPositive();
        assertThat(insights.seasonality().detected()).isFalse();
        assertThat(insights.volatility()).isCloseTo(0.1, within(0.03));
        assertThat(insights.anomalies()).isEmpty();
    }

    @Test
    void aWeeklyPatternIsDetectedWithItsPeakAndASpikeIsAnAnomalyButTheWeeklyDipsAreNot() {
        Random random = new Random(31);
        // Monday … Sunday: busy midweek (Wednesday the peak), a deep Sunday dip
        double[] week = {100, 120, 140, 120, 100, 60, 30};
        double[] values = new double[84];
        for (int i = 0; i < values.length; i++) {
            values[i] = week[i % 7] + random.nextGaussian() * 5;
        }
        values[59] += 90;

        SeriesReading insights = SeriesInsights.of(values, true, MONDAY, 14);

        assertThat(insights.seasonality().detected()).isTrue();
        assertThat(insights.seasonality().peakWeekday()).as("Wednesday").isEqualTo(3);
        assertThat(insights.seasonality().troughWeekday()).as("Sunday").isEqualTo(7);
        assertThat(insights.forecast().method()).isEqualTo("holt_winters_additive_weekly");
        assertThat(insights.anomalies()).extracting(Anomalies.Anomaly::index).containsExactly(59);
        assertThat(insights.anomalies().getFirst().score()).isGreaterThan(Anomalies.THRESHOLD);
        SeriesReading.Point sunday = insights.forecast().points().get(6);
        assertThat(sunday.value()).as("the forecast keeps the Sunday dip (day 84 is a Monday, the 7th point a Sunday)").isCloseTo(30, within(12.0));
    }

    @Test
    void fewerThanTwoWholeWeeksClaimNoSeasonalityAndSaySo() {
        double[] values = {100, 120, 140, 120, 100, 60, 30, 100, 120, 140, 120, 100, 60};

        SeriesReading insights = SeriesInsights.of(values, true, MONDAY, 7);

        assertThat(insights.seasonality().detected()).isFalse();
        assertThat(insights.seasonality().note()).contains("fewer than 2 whole weeks");
        assertThat(insights.forecast().method()).isEqualTo("holt_linear_trend");
    }

    /**
     * 200 series of a known process, a local linear trend (ETS(A,A,N) with α = 0.3, β = 0.05, σ = 5), each 70 buckets,
     * the last 14 held out: the intervals of the refit method cover the held-out points at about their nominal rates.
     */
    @Test
    void intervalsCoverHeldOutPointsAtAboutTheirNominalRates() {
        Random random = new Random(41);
        int in80 = 0;
        int in95 = 0;
        int points = 0;
        for (int series = 0; series < 200; series++) {
            double[] values = new double[70];
            double level = 200;
            double trend = 1;
            for (int t = 0; t < values.length; t++) {
                double error = random.nextGaussian() * 5;
                values[t] = level + trend + error;
                level = level + trend + 0.3 * error;
                trend = trend + 0.05 * error;
            }
            SeriesReading.Backtest backtest = SeriesInsights.backtest(values, false, 14);
            in80 += Math.round(backtest.coverage80() * 14);
            in95 += Math.round(backtest.coverage95() * 14);
            points += 14;
        }
        double coverage80 = (double) in80 / points;
        double coverage95 = (double) in95 / points;
        assertThat(coverage95).as("95 %% interval: %.3f", coverage95).isBetween(0.90, 0.99);
        assertThat(coverage80).as("80 %% interval: %.3f", coverage80).isBetween(0.72, 0.88);
    }
}
