package io.tally.domain.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

/** The insights' own statistics against Apache Commons Math, the reference. */
class LeastSquaresTest {

    @Test
    void normalQuantilesMatchTheReference() {
        NormalDistribution normal = new NormalDistribution();
        for (double p : new double[] {0.001, 0.01, 0.025, 0.1, 0.5, 0.8, 0.9, 0.95, 0.975, 0.99, 0.999}) {
            assertThat(LeastSquares.normalQuantile(p)).as("p = %s", p).isCloseTo(normal.inverseCumulativeProbability(p), within(1e-6));
        }
    }

    @Test
    void studentsTQuantilesAreWithinAThousandthOfTheReferenceFromTenDegreesOfFreedom() {
        for (int df : new int[] {10, 12, 20, 30, 60, 88, 200, 363}) {
            TDistribution t = new TDistribution(df);
            for (double p : new double[] {0.9, 0.95, 0.975, 0.995}) {
                assertThat(LeastSquares.tQuantile(p, df)).as("df = %d, p = %s", df, p).isCloseTo(t.inverseCumulativeProbability(p), within(1e-3));
            }
        }
    }

    @Test
    void theLineAndItsSlopeIntervalMatchTheReference() {
        double[] values = {3, 7, 6, 10, 14, 12, 17, 19, 18, 25, 24, 29, 31, 30};
        SimpleRegression reference = new SimpleRegression();
        for (int i = 0; i < values.length; i++) {
            reference.addData(i, values[i]);
        }

        LeastSquares line = LeastSquares.fit(values);

        assertThat(line.slope()).isCloseTo(reference.getSlope(), within(1e-12));
        assertThat(line.intercept()).isCloseTo(reference.getIntercept(), within(1e-12));
        assertThat(line.r2()).isCloseTo(reference.getRSquare(), within(1e-12));
        assertThat(line.slopeStandardError()).isCloseTo(reference.getSlopeStdErr(), within(1e-12));
        assertThat(line.slopeHalfWidth(0.95)).isCloseTo(reference.getSlopeConfidenceInterval(0.05), within(1e-3));
    }
}
