package io.tally.domain.metric;

import io.tally.domain.analytics.Aggregation;
import io.tally.domain.analytics.BuiltInMeters;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.billing.BillingMeasure;
import io.tally.domain.usage.EventData;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The metrics every tenant has: one per built-in meter (same key), the derived usage figures (success rate), the
 * content figures (engagement, its rate, click-through rate, the mean rate per post), the sales figures (net sales,
 * average order value, items per order, returning buyers, repeat-purchase rate) and the billing figures (signups,
 * churn, MRR and its movements, revenue, ARPU). Their keys cannot be taken by a tenant's own metrics, and they cannot
 * be changed or deleted. docs/metrics.md lists them.
 */
public final class BuiltInMetrics {

    public static final MetricKey SUCCESS_RATE = MetricKey.of("success_rate");
    public static final MetricKey NEW_SIGNUPS = MetricKey.of("new_signups");
    public static final MetricKey PAYING_CUSTOMERS_AT_START = MetricKey.of("paying_customers_at_start");
    public static final MetricKey PAYING_CUSTOMERS = MetricKey.of("paying_customers");
    public static final MetricKey PAYING_CUSTOMERS_IN_CURRENCY = MetricKey.of("paying_customers_in_currency");
    public static final MetricKey CHURNED_CUSTOMERS = MetricKey.of("churned_customers");
    public static final MetricKey NEW_AND_CHURNED = MetricKey.of("new_and_churned");
    public static final MetricKey CUSTOMER_CHURN_RATE = MetricKey.of("customer_churn_rate");
    public static final MetricKey MRR_AT_START = MetricKey.of("mrr_at_start");
    public static final MetricKey MRR = MetricKey.of("mrr");
    public static final MetricKey NEW_MRR = MetricKey.of("new_mrr");
    public static final MetricKey EXPANSION_MRR = MetricKey.of("expansion_mrr");
    public static final MetricKey CONTRACTION_MRR = MetricKey.of("contraction_mrr");
    public static final MetricKey CHURNED_MRR = MetricKey.of("churned_mrr");
    public static final MetricKey REACTIVATION_MRR = MetricKey.of("reactivation_mrr");
    public static final MetricKey NET_NEW_MRR = MetricKey.of("net_new_mrr");
    public static final MetricKey GROSS_REVENUE = MetricKey.of("gross_revenue");
    public static final MetricKey REFUNDS = MetricKey.of("refunds");
    public static final MetricKey NET_REVENUE = MetricKey.of("net_revenue");
    public static final MetricKey ARPU = MetricKey.of("arpu");
    public static final MetricKey CONTENT_ENGAGEMENT = MetricKey.of("content_engagement");
    public static final MetricKey CONTENT_ENGAGEMENT_RATE = MetricKey.of("content_engagement_rate");
    public static final MetricKey CONTENT_CTR = MetricKey.of("content_ctr");
    public static final MetricKey POST_ENGAGEMENT_RATE = MetricKey.of("post_engagement_rate");
    public static final MetricKey RATED_POSTS = MetricKey.of("rated_posts");
    public static final MetricKey NET_SALES = MetricKey.of("net_sales");
    public static final MetricKey AVERAGE_ORDER_VALUE = MetricKey.of("average_order_value");
    public static final MetricKey ITEMS_PER_ORDER = MetricKey.of("items_per_order");
    public static final MetricKey RETURNING_BUYERS = MetricKey.of("returning_buyers");
    public static final MetricKey REPEAT_PURCHASE_RATE = MetricKey.of("repeat_purchase_rate");

    private static final Map<MetricKey, Metric> ALL = new LinkedHashMap<>();

    static {
        Map<MeterKey, Polarity> meterPolarity = Map.ofEntries(
                Map.entry(BuiltInMeters.STORAGE_USED_MB, Polarity.NEUTRAL),
                Map.entry(BuiltInMeters.CONCURRENT_SESSIONS_PEAK, Polarity.NEUTRAL),
                Map.entry(BuiltInMeters.FAILED_TRANSCRIPTIONS, Polarity.LOWER_IS_BETTER),
                Map.entry(BuiltInMeters.CALL_DURATION_AVG_S, Polarity.NEUTRAL),
                Map.entry(BuiltInMeters.CALL_COST, Polarity.NEUTRAL),
                Map.entry(BuiltInMeters.ORDERS_IN_CURRENCY, Polarity.NEUTRAL),
                Map.entry(BuiltInMeters.SALES_REFUNDS, Polarity.LOWER_IS_BETTER));
        // a meter's name may carry its unit, which a metric has of its own
        Map<MeterKey, String> names = Map.of(BuiltInMeters.STORAGE_USED_MB, "Storage used", BuiltInMeters.CALL_DURATION_AVG_S,
                "Average call duration", BuiltInMeters.CONTENT_VIEWS, "Reach (views)", BuiltInMeters.CONTENT_LIKES, "Likes",
                BuiltInMeters.CONTENT_SHARES, "Shares", BuiltInMeters.CONTENT_COMMENTS, "Comments", BuiltInMeters.CONTENT_CLICKS, "Clicks");
        // sums of things counted (views, items) are counts, not numbers
        Set<MeterKey> counted = Set.of(BuiltInMeters.CONTENT_VIEWS, BuiltInMeters.CONTENT_LIKES, BuiltInMeters.CONTENT_SHARES,
                BuiltInMeters.CONTENT_COMMENTS, BuiltInMeters.CONTENT_CLICKS, BuiltInMeters.ITEMS_SOLD);
        for (Meter meter : BuiltInMeters.all()) {
            Metric metric = ofMeter(meter, meterPolarity.getOrDefault(meter.key(), Polarity.HIGHER_IS_BETTER), true);
            String name = names.getOrDefault(meter.key(), metric.name());
            MetricUnit unit = counted.contains(meter.key()) ? MetricUnit.COUNT : metric.unit();
            ALL.put(metric.key(), new Metric(metric.key(), name, metric.description(), unit, metric.polarity(), metric.decimals(),
                    metric.formula(), true));
        }
        add(SUCCESS_RATE, "Success rate", "Completed calls ÷ calls × 100", MetricUnit.PERCENT, Polarity.HIGHER_IS_BETTER, 2,
                new Formula.Ratio(MetricKey.of(BuiltInMeters.COMPLETED_CALLS.value()), MetricKey.of(BuiltInMeters.CALLS.value()),
                        BigDecimal.valueOf(100)));

        add(CONTENT_ENGAGEMENT, "Engagement", "Likes + shares + comments", MetricUnit.COUNT, Polarity.HIGHER_IS_BETTER, null,
                new Formula.Sum(List.of(meterMetric(BuiltInMeters.CONTENT_LIKES), meterMetric(BuiltInMeters.CONTENT_SHARES),
                        meterMetric(BuiltInMeters.CONTENT_COMMENTS))));
        add(CONTENT_ENGAGEMENT_RATE, "Engagement rate", "Engagement ÷ views × 100", MetricUnit.PERCENT, Polarity.HIGHER_IS_BETTER, 2,
                new Formula.Ratio(CONTENT_ENGAGEMENT, meterMetric(BuiltInMeters.CONTENT_VIEWS), BigDecimal.valueOf(100)));
        add(CONTENT_CTR, "Click-through rate", "Clicks ÷ views × 100", MetricUnit.PERCENT, Polarity.HIGHER_IS_BETTER, 2,
                new Formula.Ratio(meterMetric(BuiltInMeters.CONTENT_CLICKS), meterMetric(BuiltInMeters.CONTENT_VIEWS), BigDecimal.valueOf(100)));
        add(POST_ENGAGEMENT_RATE, "Mean engagement rate per post",
                "The mean, over the posts with views, of each post's engagement ÷ views × 100", MetricUnit.PERCENT, Polarity.HIGHER_IS_BETTER, 2,
                new Formula.PerItem(CONTENT_ENGAGEMENT_RATE, "content_id", Formula.Statistic.MEAN));
        add(RATED_POSTS, "Posts with views", "Posts with an engagement rate: those with views", MetricUnit.COUNT, Polarity.NEUTRAL, null,
                new Formula.PerItem(CONTENT_ENGAGEMENT_RATE, "content_id", Formula.Statistic.COUNT));

        add(NET_SALES, "Net sales", "Gross sales − refunds, per currency", MetricUnit.MONEY, Polarity.HIGHER_IS_BETTER, null,
                new Formula.Difference(List.of(meterMetric(BuiltInMeters.GROSS_SALES), meterMetric(BuiltInMeters.SALES_REFUNDS))));
        add(AVERAGE_ORDER_VALUE, "Average order value", "Net sales ÷ orders, per currency", MetricUnit.MONEY, Polarity.HIGHER_IS_BETTER,
                null, new Formula.Ratio(NET_SALES, meterMetric(BuiltInMeters.ORDERS_IN_CURRENCY), BigDecimal.ONE));
        add(ITEMS_PER_ORDER, "Items per order", "Items sold ÷ orders", MetricUnit.NUMBER, Polarity.HIGHER_IS_BETTER, 2,
                new Formula.Ratio(meterMetric(BuiltInMeters.ITEMS_SOLD), meterMetric(BuiltInMeters.ORDERS), BigDecimal.ONE));
        add(RETURNING_BUYERS, "Returning buyers", "Buyers whose first order was before the bucket: buyers − new buyers", MetricUnit.COUNT,
                Polarity.HIGHER_IS_BETTER, null,
                new Formula.Difference(List.of(meterMetric(BuiltInMeters.ACTIVE_BUYERS), meterMetric(BuiltInMeters.NEW_BUYERS))));
        add(REPEAT_PURCHASE_RATE, "Repeat-purchase rate", "Buyers with an order that was not their first ÷ buyers × 100",
                MetricUnit.PERCENT, Polarity.HIGHER_IS_BETTER, 2,
                new Formula.Ratio(meterMetric(BuiltInMeters.REPEAT_BUYERS), meterMetric(BuiltInMeters.ACTIVE_BUYERS), BigDecimal.valueOf(100)));

        billing(NEW_SIGNUPS, "New signups", "Customers whose profile's signed-up time falls in the period", MetricUnit.COUNT,
                Polarity.HIGHER_IS_BETTER, BillingMeasure.NEW_SIGNUPS);
        billing(PAYING_CUSTOMERS_AT_START, "Paying customers at start", "Customers with MRR just before the period starts",
                MetricUnit.COUNT, Polarity.HIGHER_IS_BETTER, BillingMeasure.PAYING_CUSTOMERS_AT_START);
        billing(PAYING_CUSTOMERS, "Paying customers", "Customers with MRR at the period's end", MetricUnit.COUNT,
                Polarity.HIGHER_IS_BETTER, BillingMeasure.PAYING_CUSTOMERS);
        billing(PAYING_CUSTOMERS_IN_CURRENCY, "Paying customers per currency", "Customers with MRR in a currency at the period's end",
                MetricUnit.COUNT, Polarity.HIGHER_IS_BETTER, BillingMeasure.PAYING_CUSTOMERS_IN_CURRENCY);
        billing(CHURNED_CUSTOMERS, "Churned customers", "Customers who paid at the start or during the period and pay nothing at its end",
                MetricUnit.COUNT, Polarity.LOWER_IS_BETTER, BillingMeasure.CHURNED_CUSTOMERS);
        billing(NEW_AND_CHURNED, "New and churned", "Churned customers who were not paying at the period's start", MetricUnit.COUNT,
                Polarity.LOWER_IS_BETTER, BillingMeasure.NEW_AND_CHURNED);
        add(CUSTOMER_CHURN_RATE, "Customer churn rate",
                "Per calendar month: customers paying at its start who churned in it ÷ customers paying at its start × 100; "
                        + "over longer periods the mean of the months' rates", MetricUnit.PERCENT, Polarity.LOWER_IS_BETTER, 2,
                new Formula.OfBilling(BillingMeasure.CUSTOMER_CHURN_RATE));
        billing(MRR_AT_START, "MRR at start", "Monthly recurring revenue just before the period starts, per currency", MetricUnit.MONEY,
                Polarity.HIGHER_IS_BETTER, BillingMeasure.MRR_AT_START);
        billing(MRR, "MRR", "Monthly recurring revenue at the period's end, per currency", MetricUnit.MONEY, Polarity.HIGHER_IS_BETTER,
                BillingMeasure.MRR);
        billing(NEW_MRR, "New MRR", "MRR from customers who had none in the currency before", MetricUnit.MONEY,
                Polarity.HIGHER_IS_BETTER, BillingMeasure.NEW_MRR);
        billing(EXPANSION_MRR, "Expansion MRR", "MRR added by customers who already paid", MetricUnit.MONEY, Polarity.HIGHER_IS_BETTER,
                BillingMeasure.EXPANSION_MRR);
        billing(CONTRACTION_MRR, "Contraction MRR", "MRR lost by customers who still pay (negative)", MetricUnit.MONEY,
                Polarity.HIGHER_IS_BETTER, BillingMeasure.CONTRACTION_MRR);
        billing(CHURNED_MRR, "Churned MRR", "MRR lost by customers who stopped paying (negative)", MetricUnit.MONEY,
                Polarity.HIGHER_IS_BETTER, BillingMeasure.CHURNED_MRR);
        billing(REACTIVATION_MRR, "Reactivation MRR", "MRR from customers who paid before, stopped, and pay again", MetricUnit.MONEY,
                Polarity.HIGHER_IS_BETTER, BillingMeasure.REACTIVATION_MRR);
        add(NET_NEW_MRR, "Net new MRR", "New + expansion + contraction + churned + reactivation MRR: end MRR − start MRR",
                MetricUnit.MONEY, Polarity.HIGHER_IS_BETTER, null,
                new Formula.Sum(List.of(NEW_MRR, EXPANSION_MRR, CONTRACTION_MRR, CHURNED_MRR, REACTIVATION_MRR)));
        billing(GROSS_REVENUE, "Gross revenue", "Succeeded payments made in the period", MetricUnit.MONEY, Polarity.HIGHER_IS_BETTER,
                BillingMeasure.GROSS_REVENUE);
        billing(REFUNDS, "Refunds", "Refunds given in the period, whenever their payment was made", MetricUnit.MONEY,
                Polarity.LOWER_IS_BETTER, BillingMeasure.REFUNDS);
        billing(NET_REVENUE, "Net revenue", "Gross revenue − refunds", MetricUnit.MONEY, Polarity.HIGHER_IS_BETTER,
                BillingMeasure.NET_REVENUE);
        add(ARPU, "ARPU", "Average revenue per paying customer: MRR ÷ customers paying in that currency at the period's end",
                MetricUnit.MONEY, Polarity.HIGHER_IS_BETTER, null, new Formula.Ratio(MRR, PAYING_CUSTOMERS_IN_CURRENCY, BigDecimal.ONE));
    }

    private BuiltInMetrics() {
    }

    private static MetricKey meterMetric(MeterKey meter) {
        return MetricKey.of(meter.value());
    }

    private static void add(MetricKey key, String name, String description, MetricUnit unit, Polarity polarity, Integer decimals,
                            Formula formula) {
        ALL.put(key, new Metric(key, name, Optional.of(description), unit, polarity, Optional.ofNullable(decimals), formula, true));
    }

    private static void billing(MetricKey key, String name, String description, MetricUnit unit, Polarity polarity, BillingMeasure measure) {
        add(key, name, description, unit, polarity, null, new Formula.OfBilling(measure));
    }

    /**
     * A meter as a metric of the same key: counts (and distinct values, peaks) are {@code count}, sums and the
     * like of money are {@code money}, storage is {@code megabytes}, averages of seconds are {@code seconds}, the
     * rest {@code number}. The meter rounds its own values.
     */
    public static Metric ofMeter(Meter meter, Polarity polarity, boolean builtIn) {
        return new Metric(MetricKey.of(meter.key().value()), meter.name(), meter.description(), unitOf(meter), polarity, Optional.empty(),
                new Formula.OfMeter(meter.key()), builtIn);
    }

    /** The unit a meter's values are in. */
    public static MetricUnit unitOf(Meter meter) {
        Aggregation aggregation = meter.aggregation();
        if (aggregation == Aggregation.COUNT || aggregation == Aggregation.UNIQUE_COUNT || aggregation == Aggregation.MAX_CONCURRENT) {
            return MetricUnit.COUNT;
        }
        String measure = meter.measure().orElse("");
        if (EventData.MONEY_MEASURES.contains(measure)) {
            return MetricUnit.MONEY;
        }
        if (meter.key().equals(BuiltInMeters.STORAGE_USED_MB)) {
            return MetricUnit.MEGABYTES;
        }
        if (measure.endsWith("_s") && meter.divisor().compareTo(BigDecimal.ONE) == 0) {
            return MetricUnit.SECONDS;
        }
        return MetricUnit.NUMBER;
    }

    public static Optional<Metric> find(MetricKey key) {
        return Optional.ofNullable(ALL.get(key));
    }

    public static Metric get(MetricKey key) {
        return find(key).orElseThrow(() -> new IllegalArgumentException("no built-in metric " + key));
    }

    /** The built-in metric of a built-in meter. */
    public static Metric get(MeterKey meter) {
        return get(MetricKey.of(meter.value()));
    }

    public static boolean isBuiltIn(MetricKey key) {
        return ALL.containsKey(key);
    }

    public static List<Metric> all() {
        return List.copyOf(ALL.values());
    }
}
