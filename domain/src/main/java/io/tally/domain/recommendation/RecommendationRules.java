package io.tally.domain.recommendation;

import io.tally.domain.insight.Anomalies;
import io.tally.domain.insight.Seasonality;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The recommendation rules, each a pure function of the figures it is given (read through the query model by the
 * caller), firing with the figures it fired on as evidence, and silent otherwise. Thresholds are constants here and
 * documented in docs/insights.md.
 */
public final class RecommendationRules {

    /** Plan upgrade: a limit used above this share in percent in each of the last 2 periods. */
    public static final BigDecimal UPGRADE_PCT = BigDecimal.valueOf(80);
    /** Churn risk: usage down by more than this share in percent against the previous period. */
    public static final BigDecimal CHURN_DROP_PCT = BigDecimal.valueOf(40);
    /** Churn risk: a figure counts only when its previous period had at least this much (a drop from 2 to 1 says little). */
    public static final BigDecimal CHURN_MIN_PREVIOUS = BigDecimal.TEN;
    /** Failure spike: the day looked at needs at least this many jobs, so that 1 failed of 1 is no spike. */
    public static final long SPIKE_MIN_JOBS = 5;
    /**
     * Failure spike: the day's failures must also be unlikely by chance at the expected share: the probability of at
     * least that many failures among the day's jobs, were each to fail at the expected share (binomially), below this.
     * One failure of 6 jobs against 8 % expected is not a spike (41 %); 10 of 20 against 7 % is (under 10⁻⁶).
     */
    public static final double SPIKE_CHANCE = 0.01;
    /** Vendor concentration: one vendor's share of net sales above this, in percent. */
    public static final BigDecimal CONCENTRATION_PCT = BigDecimal.valueOf(50);

    private RecommendationRules() {
    }

    /** A limit's use in one period: what the period was, the usage and its share of the limit in percent. */
    public record PeriodUse(String period, BigDecimal used, BigDecimal percent) {
    }

    /**
     * Plan upgrade: the limit was used above {@link #UPGRADE_PCT} % in each of the last 2 periods (medium), or the
     * usage so far plus the forecast of the days left passes it this period (high): its mean and the low end of its 80 %
     * interval both, since a sparse history (a customer at 20 % of the limit, 2 calls every third day) can give sample
     * paths whose mean passes the limit while their interval reaches down to nothing.
     *
     * @param lastTwo the two whole periods before this one, older first (fewer when there were none)
     * @param projected this period's usage as projected, with its 80 % interval (none when it can't be)
     */
    public static Optional<Recommendation> planUpgrade(String plan, String meter, String meterName, BigDecimal amount, List<PeriodUse> lastTwo,
                                                       String current, BigDecimal usedNow, Optional<double[]> projected) {
        if (amount.signum() <= 0) {
            return Optional.empty();
        }
        boolean twice = lastTwo.size() == 2 && lastTwo.stream().allMatch(use -> use.percent().compareTo(UPGRADE_PCT) > 0);
        boolean passing = projected.isPresent() && projected.get()[0] > amount.doubleValue() && projected.get()[1] > amount.doubleValue()
                && usedNow.compareTo(amount) <= 0;
        boolean over = usedNow.compareTo(amount) > 0;
        if (!twice && !passing && !over) {
            return Optional.empty();
        }
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new Evidence("Limit", Optional.of(meter), amount, "per period", "plan " + plan));
        for (PeriodUse use : lastTwo) {
            evidence.add(Evidence.of("Used", meter, use.used(), "", use.period()));
            evidence.add(Evidence.of("Share of the limit", meter, use.percent(), "percent", use.period()));
        }
        evidence.add(Evidence.of("Used so far", meter, usedNow, "", current));
        projected.ifPresent(p -> {
            evidence.add(Evidence.of("Projected", meter, round(p[0], 2), "", current));
            evidence.add(Evidence.of("Projected, 80 % interval", meter, List.of(round(p[1], 2), round(p[2], 2)), "", current));
        });
        String why = over ? meterName + " is already over its limit of " + plain(amount) + " this period (" + plain(usedNow) + ")"
                : passing ? meterName + " is forecast to reach " + plain(round(projected.get()[0], 0)) + " this period, past its limit of "
                        + plain(amount)
                : meterName + " used more than " + plain(UPGRADE_PCT) + " % of its limit in each of the last 2 periods ("
                        + plain(lastTwo.get(0).percent()) + " % and " + plain(lastTwo.get(1).percent()) + " %)";
        return Optional.of(new Recommendation(Recommendation.Kind.PLAN_UPGRADE, over || passing ? Recommendation.Severity.HIGH
                : Recommendation.Severity.MEDIUM, Optional.empty(), "Offer a larger plan: " + meterName + " outgrows plan " + plan,
                why + "." + (twice && (passing || over) ? " It also used more than " + plain(UPGRADE_PCT) + " % in each of the last 2 periods." : ""),
                evidence));
    }

    /** A usage figure over a period and the one before. */
    public record Change(String metric, String name, BigDecimal current, BigDecimal previous) {
        /** The change in percent; none when the previous period had nothing. */
        public Optional<BigDecimal> percent() {
            return previous.signum() == 0 ? Optional.empty()
                    : Optional.of(current.subtract(previous).multiply(BigDecimal.valueOf(100)).divide(previous, 2, RoundingMode.HALF_UP));
        }
    }

    /**
     * Churn risk: while the subscription is active, usage figures (of at least {@link #CHURN_MIN_PREVIOUS} the period
     * before) down by more than {@link #CHURN_DROP_PCT} %; high when every such figure dropped, else medium.
     */
    public static Optional<Recommendation> churnRisk(boolean subscriptionActive, String subscription, List<Change> changes, String current,
                                                     String previous) {
        if (!subscriptionActive) {
            return Optional.empty();
        }
        List<Change> counted = changes.stream().filter(change -> change.previous().compareTo(CHURN_MIN_PREVIOUS) >= 0).toList();
        List<Change> dropped = counted.stream().filter(change -> change.percent().orElseThrow().compareTo(CHURN_DROP_PCT.negate()) < 0).toList();
        if (dropped.isEmpty()) {
            return Optional.empty();
        }
        List<Evidence> evidence = new ArrayList<>();
        for (Change change : dropped) {
            evidence.add(Evidence.of(change.name(), change.metric(), change.current(), "", current));
            evidence.add(Evidence.of(change.name(), change.metric(), change.previous(), "", previous));
            evidence.add(Evidence.of(change.name() + ", change", change.metric(), change.percent().orElseThrow(), "percent", current + " against " + previous));
        }
        evidence.add(new Evidence("Subscription", Optional.empty(), subscription, "status", "now"));
        String names = String.join(", ", dropped.stream().map(change -> change.name() + " " + plain(change.percent().orElseThrow()) + " %").toList());
        return Optional.of(new Recommendation(Recommendation.Kind.CHURN_RISK, dropped.size() == counted.size() ? Recommendation.Severity.HIGH
                : Recommendation.Severity.MEDIUM, Optional.empty(), "Churn risk: usage fell while the subscription is active",
                "Against the period before: " + names + ". The subscription is still active: reach out before it is canceled.", evidence));
    }

    /**
     * Failure spike: the last day's failure share (of {@code jobs} jobs, at least {@link #SPIKE_MIN_JOBS}) is an anomaly
     * above the series' normal, by the same robust score insights use (median and MAD of the residuals from the weekly
     * pattern when there is one), over the days given (90).
     *
     * @param shares the daily failure shares in percent, oldest first, the last the day looked at (NaN: no jobs that day)
     */
    public static Optional<Recommendation> failureSpike(String name, String failedMetric, String totalMetric, double[] shares, int firstWeekday,
                                                        long jobs, String day, String over) {
        if (jobs < SPIKE_MIN_JOBS || shares.length < 14 || Double.isNaN(shares[shares.length - 1])) {
            return Optional.empty();
        }
        double[] filled = shares.clone();
        double[] known = Arrays.stream(shares).filter(share -> !Double.isNaN(share)).sorted().toArray();
        double median = known[known.length / 2];
        for (int i = 0; i < filled.length; i++) {
            if (Double.isNaN(filled[i])) {
                filled[i] = median;
            }
        }
        boolean weekly = Seasonality.weekly(filled, firstWeekday).detected();
        Optional<Anomalies.Anomaly> last = Anomalies.find(filled, firstWeekday, weekly).stream()
                .filter(anomaly -> anomaly.index() == filled.length - 1 && anomaly.value() > anomaly.expected()).findFirst();
        if (last.isEmpty()) {
            return Optional.empty();
        }
        Anomalies.Anomaly spike = last.get();
        long failed = Math.round(spike.value() * jobs / 100);
        double chance = binomialTail(jobs, failed, Math.min(1, Math.max(spike.expected(), median) / 100));
        if (chance >= SPIKE_CHANCE) {
            return Optional.empty();
        }
        List<Evidence> evidence = List.of(
                Evidence.of("Failure share", failedMetric, round(spike.value(), 2), "percent", day),
                Evidence.of("Jobs", totalMetric, BigDecimal.valueOf(jobs), "count", day),
                Evidence.of("Expected share", failedMetric, round(spike.expected(), 2), "percent", day),
                Evidence.of("Median share", failedMetric, round(median, 2), "percent", over),
                new Evidence("Anomaly score", Optional.empty(), round(spike.score(), 2), "robust z", "threshold " + plain(BigDecimal.valueOf(Anomalies.THRESHOLD))),
                new Evidence("Chance of as many failures", Optional.empty(), BigDecimal.valueOf(chance).round(new java.math.MathContext(2)), "probability",
                        "at the expected share; threshold " + SPIKE_CHANCE));
        return Optional.of(new Recommendation(Recommendation.Kind.FAILURE_SPIKE, Recommendation.Severity.HIGH, Optional.empty(),
                "Failure spike: " + name, plain(round(spike.value(), 2)) + " % of " + jobs + " " + name + " failed on " + day + ", against "
                + plain(round(spike.expected(), 2)) + " % expected (score " + plain(round(spike.score(), 1)) + "). Look into what changed.", evidence));
    }

    /** Best time to post: the weekday and hour whose posts had the best mean engagement rate, with how many posts that is. */
    public static Optional<Recommendation> bestTimeToPost(String slot, BigDecimal meanRate, BigDecimal posts, String over) {
        return Optional.of(new Recommendation(Recommendation.Kind.BEST_TIME_TO_POST, Recommendation.Severity.LOW, Optional.empty(),
                "Post on " + slot, "Posts published on " + slot + " had the best mean engagement rate, " + plain(meanRate) + " %, over "
                + plain(posts) + " posts (" + over + ").", List.of(
                        Evidence.of("Published", "post_engagement_rate", slot, "weekday and hour", over),
                        Evidence.of("Mean engagement rate", "post_engagement_rate", meanRate, "percent", over),
                        Evidence.of("Posts", "rated_posts", posts, "count", over))));
    }

    /** Vendor concentration: one vendor's net sales above {@link #CONCENTRATION_PCT} % of all in a currency. */
    public static Optional<Recommendation> vendorConcentration(String currency, String vendor, BigDecimal vendorNet, BigDecimal totalNet,
                                                               int vendors, String over) {
        if (totalNet.signum() <= 0 || vendorNet.signum() <= 0) {
            return Optional.empty();
        }
        BigDecimal share = vendorNet.multiply(BigDecimal.valueOf(100)).divide(totalNet, 2, RoundingMode.HALF_UP);
        if (share.compareTo(CONCENTRATION_PCT) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Recommendation(Recommendation.Kind.VENDOR_CONCENTRATION, Recommendation.Severity.MEDIUM, Optional.empty(),
                "Vendor concentration: " + vendor + " makes " + plain(share) + " % of net sales", vendor + " made " + plain(vendorNet) + " " + currency
                + " of " + plain(totalNet) + " " + currency + " net sales (" + over + "), across " + vendors + " vendor" + (vendors == 1 ? "" : "s")
                + ". Losing it would halve the marketplace: bring on more vendors.", List.of(
                        Evidence.of("Vendor's net sales", "net_sales", vendorNet, currency, over),
                        Evidence.of("Net sales", "net_sales", totalNet, currency, over),
                        new Evidence("Vendor's share", Optional.of("net_sales"), share, "percent", over),
                        new Evidence("Vendor", Optional.empty(), vendor, "vendor", over))));
    }

    /** P(X ≥ k) for X ~ Binomial(n, p), summed in log space term by term (n is a day's jobs: small enough). */
    static double binomialTail(long n, long k, double p) {
        if (k <= 0) {
            return 1;
        }
        if (p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return 1;
        }
        double sum = 0;
        double logTerm = logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
        for (long i = k; i <= n; i++) {
            sum += Math.exp(logTerm);
            // the next term: × (n − i) / (i + 1) × p / (1 − p)
            logTerm += Math.log((double) (n - i) / (i + 1)) + Math.log(p) - Math.log1p(-p);
        }
        return Math.min(1, sum);
    }

    private static double logChoose(long n, long k) {
        double sum = 0;
        for (long i = 1; i <= k; i++) {
            sum += Math.log((double) (n - k + i) / i);
        }
        return sum;
    }

    static BigDecimal round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
