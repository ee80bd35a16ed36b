package io.tally.application.service.recommendation;

import io.tally.application.port.in.PeriodSpec;
import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.QueryAnalyticsUseCase;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.application.port.in.plan.CustomerLimits;
import io.tally.application.port.in.plan.CustomerLimitsQuery;
import io.tally.application.port.in.plan.GetCustomerLimitsUseCase;
import io.tally.application.port.in.recommendation.GetRecommendationsUseCase;
import io.tally.application.port.out.BillingStorePort;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.service.insight.DailySeries;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.BuiltInMeters;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.analytics.Period;
import io.tally.domain.billing.SubscriptionStatus;
import io.tally.domain.billing.SubscriptionVersion;
import io.tally.domain.billing.SubscriptionsInForce;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.BuiltInMetrics;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.recommendation.Recommendation;
import io.tally.domain.recommendation.RecommendationRules;
import io.tally.domain.target.TargetComparison;
import io.tally.domain.target.TargetProjection;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Recommendations from the rules of {@link RecommendationRules}, each fed by the query model: a customer's limits
 * ({@link GetCustomerLimitsUseCase}, now and in the two windows before) with the forecast of the days left (fitted as
 * insights fit, {@link SeriesInsights}); its usage figures over the last 30 finished days against the 30 before; its daily
 * failure shares over the last 90 finished days; its best slot to post from the content template's question
 * ({@code post_engagement_rate} by {@code @weekday_hour}, at least 3 rated posts); its net sales by vendor. The
 * tenant-wide list adds the tenant's own failure spikes and vendor concentration, then pages through customers.
 */
public final class RecommendationService implements GetRecommendationsUseCase {

    public static final int DEFAULT_PAGE = 10;
    public static final int MAX_PAGE = 50;
    /** Churn risk and the best time: the last this many finished days against as many before. */
    static final int PERIOD_DAYS = 30;
    /** Failure spikes: the normal is read over this many finished days. */
    static final int NORMAL_DAYS = 90;
    /** Best time to post: the fewest rated posts a slot needs, as the content template's default. */
    static final BigDecimal MIN_POSTS = BigDecimal.valueOf(3);
    private static final int PATHS = 4000;
    private static final long SEED = 0x5EED_2026L;
    /** The usage figures whose drop says a customer is leaving (those it has: a figure with nothing before is left out). */
    static final List<MeterKey> ACTIVITY = List.of(BuiltInMeters.API_CALLS_MADE, BuiltInMeters.SESSIONS, BuiltInMeters.TRANSCRIPTIONS,
            BuiltInMeters.EXPORTS_GENERATED, BuiltInMeters.CALLS, BuiltInMeters.POSTS_PUBLISHED, BuiltInMeters.CONTENT_VIEWS, BuiltInMeters.ORDERS);

    /** A job type whose failures are watched: its failed count's and total's metrics (failed: total minus completed when so). */
    record Jobs(String name, MetricKey total, MetricKey failedOrCompleted, boolean completed) {
    }

    static final List<Jobs> JOBS = List.of(
            new Jobs("transcriptions", MetricKey.of(BuiltInMeters.TRANSCRIPTIONS.value()), MetricKey.of(BuiltInMeters.FAILED_TRANSCRIPTIONS.value()), false),
            new Jobs("calls", MetricKey.of(BuiltInMeters.CALLS.value()), MetricKey.of(BuiltInMeters.COMPLETED_CALLS.value()), true));

    private final QueryAnalyticsUseCase analytics;
    private final GetCustomerLimitsUseCase limits;
    private final CustomerStorePort customers;
    private final BillingStorePort billing;
    private final Clock clock;

    public RecommendationService(QueryAnalyticsUseCase analytics, GetCustomerLimitsUseCase limits, CustomerStorePort customers, BillingStorePort billing,
                                 Clock clock) {
        this.analytics = Objects.requireNonNull(analytics, "analytics");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.billing = Objects.requireNonNull(billing, "billing");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<Recommendation> customerRecommendations(Actor actor, CustomerId id) {
        actor.requireVisible(id);
        Customer customer = customers.find(actor.tenant(), id).orElseThrow(() -> new NotFoundException("customer", id.value()));
        return sorted(forCustomer(actor, customer));
    }

    @Override
    public Page tenantRecommendations(Actor actor, Optional<CustomerId> after, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidValueException("limit", "must be 1 to " + MAX_PAGE);
        }
        List<Recommendation> items = new ArrayList<>();
        if (after.isEmpty() && !actor.customers().isRestricted()) {
            Period today = todayPeriod(actor, Optional.empty());
            items.addAll(failureSpikes(actor, Optional.empty(), today));
            items.addAll(vendorConcentration(actor, Optional.empty(), today));
        }
        List<Customer> page = customers.list(actor.tenant(), actor.customers(), after, limit);
        for (Customer customer : page) {
            try {
                items.addAll(forCustomer(actor, customer));
            } catch (NotFoundException gone) {
                // a customer erased between the listing and its figures has no recommendations any more
                if (!"customer".equals(gone.kind())) {
                    throw gone;
                }
            }
        }
        return new Page(sorted(items), page.size() == limit ? Optional.of(page.getLast().id()) : Optional.empty());
    }

    private List<Recommendation> forCustomer(Actor actor, Customer customer) {
        Optional<CustomerId> whose = Optional.of(customer.id());
        Period today = todayPeriod(actor, whose);
        List<Recommendation> found = new ArrayList<>();
        found.addAll(planUpgrades(actor, customer, today));
        churnRisk(actor, customer, today).ifPresent(found::add);
        found.addAll(failureSpikes(actor, whose, today));
        bestTimeToPost(actor, whose, today).ifPresent(found::add);
        found.addAll(vendorConcentration(actor, whose, today));
        return found.stream().map(recommendation -> recommendation.about(whose)).toList();
    }

    /** Plan upgrade, per limit of the customer's plan: the two windows before this one, and this one's usage with its forecast. */
    private List<Recommendation> planUpgrades(Actor actor, Customer customer, Period today) {
        CustomerLimits now = limits.getCustomerLimits(new CustomerLimitsQuery(actor, customer.id()));
        if (!now.planDefined() || now.limits().isEmpty()) {
            return List.of();
        }
        List<Recommendation> found = new ArrayList<>();
        for (CustomerLimits.LimitUsage limit : now.limits()) {
            ZoneId zone = today.zone().zone();
            List<RecommendationRules.PeriodUse> before = new ArrayList<>();
            Instant at = limit.window().start();
            for (int back = 0; back < 2; back++) {
                Optional<CustomerLimits.LimitUsage> earlier = limits.getCustomerLimits(new CustomerLimitsQuery(actor, customer.id(),
                                Optional.of(at.minus(Duration.ofMillis(1))))).limits().stream()
                        .filter(one -> one.limit().meter().equals(limit.limit().meter())).findFirst();
                if (earlier.isEmpty() || earlier.get().percent().isEmpty()) {
                    break;
                }
                before.addFirst(new RecommendationRules.PeriodUse(window(earlier.get(), zone), earlier.get().used(), earlier.get().percent().get()));
                at = earlier.get().window().start();
            }
            if (before.size() < 2) {
                before.clear();
            }
            LocalDate end = LocalDate.ofInstant(limit.window().end().minusNanos(1), zone);
            int wholeDaysLeft = (int) Math.max(0, ChronoUnit.DAYS.between(today.to(), end));
            Optional<double[]> projected = projection(actor, customer.id(), limit, today, wholeDaysLeft);
            RecommendationRules.planUpgrade(now.plan().orElse(""), limit.limit().meter().value(), limit.meterName(), limit.limit().amount(), before,
                    window(limit, zone), limit.used(), projected).ifPresent(found::add);
        }
        return found;
    }

    /**
     * This window's usage as projected: the usage so far (today's included) plus sample paths of the whole days left,
     * from the meter's finished days (56 at least); none for a meter a day's values don't add up in.
     */
    private Optional<double[]> projection(Actor actor, CustomerId customer, CustomerLimits.LimitUsage limit, Period today, int wholeDaysLeft) {
        if (wholeDaysLeft == 0) {
            double used = limit.used().doubleValue();
            return Optional.of(new double[] {used, used, used});
        }
        AnalyticsResult result = analytics.queryAnalytics(new QueryDefinition(Optional.of(limit.limit().meter()), List.of(), Optional.of(customer),
                finished(today, 56), BucketSize.DAY, List.of(), Map.of(), false, true, QueryDefinition.MAX_LIMIT,
                Optional.empty(), Optional.empty(), false).askedBy(actor));
        AnalyticsResult.SeriesResult series = result.series().getFirst();
        if (series.meter().isEmpty() || !series.meter().get().aggregation().name().matches("COUNT|SUM")) {
            return Optional.empty();
        }
        double[] values = DailySeries.values(series, result.buckets().size(), Optional.empty());
        double[][] paths = DailySeries.paths(values, wholeDaysLeft, PATHS, new Random(SEED));
        TargetProjection projection = TargetProjection.of(TargetProjection.additive(limit.used().doubleValue(), paths, true), TargetComparison.AT_MOST,
                limit.limit().amount().doubleValue());
        return Optional.of(new double[] {projection.projected(), projection.low80(), projection.high80()});
    }

    /** Churn risk: the activity figures of the last 30 finished days against the 30 before, while the subscription is active. */
    private Optional<Recommendation> churnRisk(Actor actor, Customer customer, Period today) {
        Optional<SubscriptionVersion> subscription = SubscriptionsInForce.of(billing.versions(actor.tenant(), customer.id()))
                .current(customer.id(), clock.instant());
        if (subscription.isEmpty() || subscription.get().status() != SubscriptionStatus.ACTIVE) {
            return Optional.empty();
        }
        AnalyticsResult result = analytics.queryAnalytics(new QueryDefinition(Optional.empty(),
                ACTIVITY.stream().map(meter -> MetricKey.of(meter.value())).toList(), Optional.of(customer.id()),
                finished(today, PERIOD_DAYS), BucketSize.DAY, List.of(), Map.of(), true, true, QueryDefinition.MAX_LIMIT,
                Optional.empty(), Optional.empty(), true).askedBy(actor));
        List<RecommendationRules.Change> changes = new ArrayList<>();
        for (AnalyticsResult.SeriesResult series : result.series()) {
            series.total().filter(total -> total.value() != null && total.previous() != null).ifPresent(total -> changes.add(
                    new RecommendationRules.Change(series.metric().key().value(), series.metric().name(), total.value(), total.previous())));
        }
        Period period = result.period();
        return RecommendationRules.churnRisk(true, subscription.get().status().name().toLowerCase(java.util.Locale.ROOT), changes,
                period.from() + " to " + period.to(), period.from().minusDays(PERIOD_DAYS) + " to " + period.from().minusDays(1));
    }

    /** Failure spikes of each job type: the daily failure shares over the last 90 finished days, the last one looked at. */
    private List<Recommendation> failureSpikes(Actor actor, Optional<CustomerId> whose, Period today) {
        List<MetricKey> asked = new ArrayList<>();
        JOBS.forEach(jobs -> {
            asked.add(jobs.total());
            asked.add(jobs.failedOrCompleted());
        });
        AnalyticsResult result = analytics.queryAnalytics(new QueryDefinition(Optional.empty(), asked, whose, finished(today, NORMAL_DAYS),
                BucketSize.DAY, List.of(), Map.of(), false, true, QueryDefinition.MAX_LIMIT, Optional.empty(), Optional.empty(), false).askedBy(actor));
        int days = result.buckets().size();
        List<Recommendation> found = new ArrayList<>();
        for (int j = 0; j < JOBS.size(); j++) {
            Jobs jobs = JOBS.get(j);
            double[] total = DailySeries.values(result.series().get(2 * j), days, Optional.empty());
            double[] other = DailySeries.values(result.series().get(2 * j + 1), days, Optional.empty());
            double[] shares = new double[days];
            for (int d = 0; d < days; d++) {
                double failed = jobs.completed() ? total[d] - other[d] : other[d];
                shares[d] = total[d] > 0 ? failed / total[d] * 100 : Double.NaN;
            }
            Period period = result.period();
            RecommendationRules.failureSpike(jobs.name(), jobs.failedOrCompleted().value(), jobs.total().value(), shares,
                    period.from().getDayOfWeek().getValue(), (long) total[days - 1], period.to().toString(),
                    period.from() + " to " + period.to()).ifPresent(found::add);
        }
        return found;
    }

    /** Best time to post: the content template's question over the last 30 days, its top slot with at least 3 rated posts. */
    private Optional<Recommendation> bestTimeToPost(Actor actor, Optional<CustomerId> whose, Period today) {
        MetricKey rate = BuiltInMetrics.POST_ENGAGEMENT_RATE;
        MetricKey posts = BuiltInMetrics.RATED_POSTS;
        AnalyticsResult result = analytics.queryAnalytics(new QueryDefinition(Optional.empty(), List.of(rate, posts), whose,
                finished(today, PERIOD_DAYS), BucketSize.DAY, List.of("@weekday_hour"), Map.of(), false, true, 1, Optional.of(rate),
                Optional.of(new QueryDefinition.Having(posts, MIN_POSTS)), true).askedBy(actor));
        AnalyticsResult.SeriesResult rates = result.series().get(0);
        AnalyticsResult.SeriesResult counts = result.series().get(1);
        if (rates.groups().isEmpty() || rates.groups().getFirst().total() == null || rates.groups().getFirst().total().value() == null) {
            return Optional.empty();
        }
        Period period = result.period();
        return RecommendationRules.bestTimeToPost(rates.groups().getFirst().key().getFirst(), rates.groups().getFirst().total().value(),
                counts.groups().getFirst().total().value(), period.from() + " to " + period.to());
    }

    /** Vendor concentration, per currency: net sales by vendor over the last 30 finished days. */
    private List<Recommendation> vendorConcentration(Actor actor, Optional<CustomerId> whose, Period today) {
        AnalyticsResult result = analytics.queryAnalytics(new QueryDefinition(Optional.empty(), List.of(BuiltInMetrics.NET_SALES), whose,
                finished(today, PERIOD_DAYS), BucketSize.DAY, List.of("vendor"), Map.of(), false, true, QueryDefinition.MAX_LIMIT,
                Optional.empty(), Optional.empty(), true).askedBy(actor));
        Map<String, List<AnalyticsResult.Group>> byCurrency = new LinkedHashMap<>();
        for (AnalyticsResult.Group group : result.series().getFirst().groups()) {
            if (group.key().size() == 2 && group.total() != null && group.total().value() != null) {
                byCurrency.computeIfAbsent(group.key().get(1), currency -> new ArrayList<>()).add(group);
            }
        }
        Period period = result.period();
        List<Recommendation> found = new ArrayList<>();
        byCurrency.forEach((currency, groups) -> {
            BigDecimal total = groups.stream().map(group -> group.total().value()).reduce(BigDecimal.ZERO, BigDecimal::add);
            AnalyticsResult.Group top = groups.stream().max(Comparator.comparing((AnalyticsResult.Group group) -> group.total().value())
                    .thenComparing(group -> group.key().getFirst(), Comparator.reverseOrder())).orElseThrow();
            RecommendationRules.vendorConcentration(currency, top.key().getFirst(), top.total().value(), total, groups.size(),
                    period.from() + " to " + period.to()).ifPresent(found::add);
        });
        return found;
    }

    /** The last {@code days} finished days before today ({@code today}: the subject's one-day period, in its timezone). */
    private static PeriodSpec finished(Period today, int days) {
        return DailySeries.finished(today, today.to().minusDays(days));
    }

    private static String window(CustomerLimits.LimitUsage limit, ZoneId zone) {
        return LocalDate.ofInstant(limit.window().start(), zone) + " to " + LocalDate.ofInstant(limit.window().end().minusNanos(1), zone);
    }

    private Period todayPeriod(Actor actor, Optional<CustomerId> whose) {
        return DailySeries.today(analytics, actor, BuiltInMetrics.NET_SALES, whose);
    }

    private static List<Recommendation> sorted(List<Recommendation> items) {
        return items.stream().sorted(Comparator.comparing(Recommendation::severity)
                .thenComparing(recommendation -> recommendation.customer().map(CustomerId::value).orElse(""))
                .thenComparing(Recommendation::kind)).toList();
    }
}
