package io.tally.domain.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecommendationRulesTest {

    static RecommendationRules.PeriodUse use(String period, int used, int percent) {
        return new RecommendationRules.PeriodUse(period, BigDecimal.valueOf(used), BigDecimal.valueOf(percent));
    }

    @Test
    void planUpgradeFiresOnTwoPeriodsAbove80PercentOrAForecastPastTheLimit() {
        Optional<Recommendation> twice = RecommendationRules.planUpgrade("starter", "calls", "Calls", BigDecimal.valueOf(100),
                List.of(use("2026-09", 85, 85), use("2026-10", 90, 90)), "2026-11", BigDecimal.valueOf(20), Optional.of(new double[] {70, 60, 80}));
        assertThat(twice).hasValueSatisfying(recommendation -> {
            assertThat(recommendation.kind()).isEqualTo(Recommendation.Kind.PLAN_UPGRADE);
            assertThat(recommendation.severity()).isEqualTo(Recommendation.Severity.MEDIUM);
            assertThat(recommendation.detail()).contains("85 % and 90 %");
            assertThat(recommendation.evidence()).extracting(Evidence::metric).containsOnly(Optional.of("calls"));
        });
        assertThat(RecommendationRules.planUpgrade("starter", "calls", "Calls", BigDecimal.valueOf(100),
                List.of(use("2026-09", 85, 85), use("2026-10", 80, 80)), "2026-11", BigDecimal.valueOf(20), Optional.of(new double[] {70, 60, 80})))
                .as("exactly 80 % is not above it").isEmpty();
        Optional<Recommendation> passing = RecommendationRules.planUpgrade("starter", "calls", "Calls", BigDecimal.valueOf(100), List.of(),
                "2026-11", BigDecimal.valueOf(60), Optional.of(new double[] {120, 105, 135}));
        assertThat(passing).hasValueSatisfying(recommendation -> {
            assertThat(recommendation.severity()).isEqualTo(Recommendation.Severity.HIGH);
            assertThat(recommendation.detail()).contains("forecast to reach 120");
        });
        assertThat(RecommendationRules.planUpgrade("starter", "calls", "Calls", BigDecimal.valueOf(100), List.of(), "2026-11",
                BigDecimal.valueOf(60), Optional.of(new double[] {95, 85, 105}))).as("a forecast below the limit").isEmpty();
        assertThat(RecommendationRules.planUpgrade("starter", "calls", "Calls", BigDecimal.valueOf(100), List.of(), "2026-11",
                BigDecimal.ZERO, Optional.of(new double[] {101.74, 0, 339.73}))).as("a mean past the limit, an interval down to nothing").isEmpty();
    }

    @Test
    void churnRiskNeedsAnActiveSubscriptionAndADropOfMoreThan40Percent() {
        List<RecommendationRules.Change> changes = List.of(new RecommendationRules.Change("calls", "Calls", BigDecimal.valueOf(50), BigDecimal.valueOf(100)),
                new RecommendationRules.Change("sessions", "Sessions", BigDecimal.valueOf(3), BigDecimal.valueOf(9)));
        Optional<Recommendation> risk = RecommendationRules.churnRisk(true, "active", changes, "last 30 days", "30 days before");
        assertThat(risk).hasValueSatisfying(recommendation -> {
            assertThat(recommendation.severity()).as("every counted figure dropped (sessions had fewer than 10)").isEqualTo(Recommendation.Severity.HIGH);
            assertThat(recommendation.detail()).contains("Calls -50 %").doesNotContain("Sessions");
        });
        assertThat(RecommendationRules.churnRisk(false, "canceled", changes, "a", "b")).isEmpty();
        assertThat(RecommendationRules.churnRisk(true, "active", List.of(new RecommendationRules.Change("calls", "Calls", BigDecimal.valueOf(60),
                BigDecimal.valueOf(100))), "a", "b")).as("exactly 40 % down").isEmpty();
    }

    @Test
    void aFailureSpikeIsAnAnomalyOfTheLastDayAboveTheNormalNotAWeeklyHighDay() {
        Random noise = new Random(3);
        double[] shares = new double[90];
        for (int i = 0; i < shares.length; i++) {
            // Mondays (index 0 is a Monday) fail more: 6 % against 2 %
            shares[i] = (i % 7 == 0 ? 6 : 2) + noise.nextGaussian() * 0.3;
        }
        shares[89] = 2.1;
        assertThat(RecommendationRules.failureSpike("transcriptions", "failed_transcriptions", "transcriptions", shares, 1, 200, "d", "90 days"))
                .isEmpty();
        double[] monday = shares.clone();
        monday[84] = 6.2; // index 84 is a Monday: the usual Monday high
        assertThat(RecommendationRules.failureSpike("transcriptions", "failed_transcriptions", "transcriptions",
                java.util.Arrays.copyOf(monday, 85), 1, 200, "d", "90 days")).as("a Monday like every Monday").isEmpty();
        shares[89] = 15;
        Optional<Recommendation> spike = RecommendationRules.failureSpike("transcriptions", "failed_transcriptions", "transcriptions", shares, 1,
                200, "d", "90 days");
        assertThat(spike).hasValueSatisfying(recommendation -> {
            assertThat(recommendation.kind()).isEqualTo(Recommendation.Kind.FAILURE_SPIKE);
            assertThat(recommendation.evidence().getFirst().value()).isEqualTo(new BigDecimal("15.00"));
        });
        assertThat(RecommendationRules.failureSpike("transcriptions", "failed_transcriptions", "transcriptions", shares, 1, 4, "d", "90 days"))
                .as("too few jobs that day").isEmpty();
    }

    @Test
    void oneFailureOfAFewJobsIsNoSpikeEvenWhenItsScoreIsHigh() {
        // 1 failed of 6 (16.67 %) against about 8 %: P(at least 1 of 6) = 1 − 0.92^6 ≈ 0.39
        assertThat(RecommendationRules.binomialTail(6, 1, 0.08)).isCloseTo(1 - Math.pow(0.92, 6), org.assertj.core.api.Assertions.within(1e-12));
        // 10 of 20 at 5 %: about 1.1e-8
        assertThat(RecommendationRules.binomialTail(20, 10, 0.05)).isLessThan(1e-7).isGreaterThan(1e-9);
        assertThat(RecommendationRules.binomialTail(20, 0, 0.05)).isEqualTo(1.0);
        double[] shares = new double[90];
        java.util.Arrays.fill(shares, 8);
        for (int i = 0; i < shares.length; i += 3) {
            shares[i] = 7.5;
        }
        shares[89] = 16.67;
        assertThat(RecommendationRules.failureSpike("transcriptions", "failed_transcriptions", "transcriptions", shares, 1, 6, "d", "90 days"))
                .as("a high score, but 1 failure in 6 happens by chance").isEmpty();
    }

    @Test
    void vendorConcentrationAbove50Percent() {
        assertThat(RecommendationRules.vendorConcentration("EUR", "acme", BigDecimal.valueOf(600), BigDecimal.valueOf(1000), 3, "30 days"))
                .hasValueSatisfying(recommendation -> assertThat(recommendation.title()).contains("60 %"));
        assertThat(RecommendationRules.vendorConcentration("EUR", "acme", BigDecimal.valueOf(500), BigDecimal.valueOf(1000), 3, "30 days")).isEmpty();
    }
}
