package io.tally.domain.insight;

/**
 * A least-squares line through a series (x = 0, 1, …): slope, intercept, R², and the slope's two-sided confidence interval
 * with Student's t quantile for n − 2 degrees of freedom. The quantile is the Cornish-Fisher expansion of t in terms of the
 * normal quantile (Abramowitz and Stegun 26.7.5, four terms), within 0.001 of the exact value for 10 degrees of freedom
 * and more (LeastSquaresTest checks it against Apache Commons Math); the normal quantile is Acklam's rational
 * approximation refined by one Halley step.
 */
public record LeastSquares(int n, double slope, double intercept, double r2, double slopeStandardError) {

    public static LeastSquares fit(double[] values) {
        int n = values.length;
        if (n < 2) {
            throw new IllegalArgumentException("a line needs at least 2 values");
        }
        double meanX = (n - 1) / 2.0;
        double meanY = 0;
        for (double value : values) {
            meanY += value;
        }
        meanY /= n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (i - meanX) * (i - meanX);
            sxy += (i - meanX) * (values[i] - meanY);
            syy += (values[i] - meanY) * (values[i] - meanY);
        }
        double slope = sxy / sxx;
        double intercept = meanY - slope * meanX;
        double residual = Math.max(0, syy - slope * sxy);
        double r2 = syy == 0 ? 0 : 1 - residual / syy;
        double se = n > 2 ? Math.sqrt(residual / (n - 2) / sxx) : Double.NaN;
        return new LeastSquares(n, slope, intercept, r2, se);
    }

    /** The line's value at {@code x}. */
    public double at(double x) {
        return intercept + slope * x;
    }

    /** Half the width of the slope's {@code level} confidence interval (0.95: 95 %); NaN with fewer than 3 values. */
    public double slopeHalfWidth(double level) {
        return n > 2 ? tQuantile(1 - (1 - level) / 2, n - 2) * slopeStandardError : Double.NaN;
    }

    /** Student's t quantile {@code p} for {@code df} degrees of freedom. */
    public static double tQuantile(double p, int df) {
        double z = normalQuantile(p);
        double v = df;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        double z9 = z7 * z * z;
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
                + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * v * v * v * v);
    }

    /** The standard normal quantile {@code p} (0 &lt; p &lt; 1). */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("a quantile is of a probability strictly between 0 and 1, not " + p);
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01,
            2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00,
            2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double x;
        if (p < 0.02425) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else if (p > 1 - 0.02425) {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else {
            double q = p - 0.5;
            double r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        // one Halley step on the normal distribution function, computed with erfc
        double e = 0.5 * erfc(-x / Math.sqrt(2)) - p;
        double u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    /** The complementary error function (Numerical Recipes' erfcc, fractional error below 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807
                + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
