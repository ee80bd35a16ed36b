package io.tally.application.service.insight;

import io.tally.application.port.in.PeriodSpec;
import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.QueryAnalyticsUseCase;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.application.port.in.target.AssessTargetsUseCase;
import io.tally.application.port.out.MeterStorePort;
import io.tally.application.port.out.MetricStorePort;
import io.tally.application.port.out.MetricTargetStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.BuiltInMeters;
import io.tally.domain.analytics.Period;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricCatalog;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.target.MetricTarget;
import io.tally.domain.target.TargetAssessment;
import io.tally.domain.target.TargetPeriod;
import io.tally.domain.target.TargetProjection;
import io.tally.domain.target.TargetShape;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Where a figure's targets stand for their current periods. The figure's daily series (its parts' for a ratio) is read
 * through the query model over the finished days ({@link #HISTORY_DAYS} at least, and the whole current period so far),
 * fitted as insights fit it ({@link DailySeries#paths}), and {@link #PATHS} sample paths of the days left (today
 * included) are drawn from the fitted model with a fixed seed, so the same data always answers the same. The period's
 * value on each path follows the metric's {@link TargetShape}, and {@link TargetProjection} turns the paths into a
 * projection and a status.
 */
public final class TargetAssessor implements AssessTargetsUseCase {

    /** How many finished days the forecast is fitted on at least. */
    public static final int HISTORY_DAYS = 56;
    /** How many sample paths a projection is drawn from. */
    public static final int PATHS = 4000;
    private static final long SEED = 0x7A11_7A11L;

    private final MetricTargetStorePort targets;
    private final MetricStorePort metrics;
    private final MeterStorePort meters;
    private final QueryAnalyticsUseCase analytics;

    public TargetAssessor(MetricTargetStorePort targets, MetricStorePort metrics, MeterStorePort meters, QueryAnalyticsUseCase analytics) {
        this.targets = Objects.requireNonNull(targets, "targets");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.analytics = Objects.requireNonNull(analytics, "analytics");
    }

    @Override
    public List<TargetAssessment> assessTargets(Actor actor, MetricKey metric, Optional<CustomerId> customer, Optional<CurrencyCode> currency) {
        List<MetricTarget> applying = targets.list(actor.tenant(), metric).stream().filter(target -> target.appliesTo(customer, currency)).toList();
        return assess(actor, applying);
    }

    /** The assessments of targets of one metric (for any subjects and currencies the actor may see). */
    public List<TargetAssessment> assess(Actor actor, List<MetricTarget> list) {
        if (list.isEmpty()) {
            return List.of();
        }
        MetricCatalog catalog = MetricCatalog.of(metrics.list(actor.tenant()));
        Metric metric = catalog.find(list.getFirst().metric()).orElseThrow(() -> new NotFoundException("metric", list.getFirst().metric().value()));
        Optional<TargetShape> shape = TargetShape.of(metric, catalog, key -> BuiltInMeters.find(key).or(() -> meters.find(actor.tenant(), key)));
        // one history per subject (customer or tenant), asked once for all its targets
        Map<Optional<CustomerId>, History> histories = new LinkedHashMap<>();
        List<TargetAssessment> assessed = new ArrayList<>();
        for (MetricTarget target : list) {
            if (target.customer().isPresent() && !actor.canSee(target.customer().get())) {
                continue;
            }
            if (shape.isEmpty()) {
                LocalDate today = today(actor, metric.key(), target.customer());
                assessed.add(new TargetAssessment(target, target.period().start(today), target.period().end(today), 0, Optional.empty(),
                        Optional.empty(), Optional.of(TargetShape.NO_SHAPE)));
                continue;
            }
            History history = histories.computeIfAbsent(target.customer(), whose -> history(actor, shape.get(), whose));
            assessed.add(assess(target, shape.get(), history, metric.unit() != MetricUnit.NUMBER));
        }
        return assessed;
    }

    /** The finished days' series of the shape's parts for a subject, from the earliest day any target period may need. */
    private record History(LocalDate today, LocalDate from, int days, Map<MetricKey, AnalyticsResult.SeriesResult> series) {
    }

    private History history(Actor actor, TargetShape shape, Optional<CustomerId> customer) {
        List<MetricKey> parts = switch (shape) {
            case TargetShape.Additive additive -> List.of(additive.metric());
            case TargetShape.Level level -> List.of(level.metric());
            case TargetShape.RatioOfSums ratio -> List.of(ratio.numerator(), ratio.denominator());
        };
        Period todays = DailySeries.today(analytics, actor, parts.getFirst(), customer);
        LocalDate today = todays.to();
        LocalDate from = TargetPeriod.QUARTER.start(today);
        if (from.isAfter(today.minusDays(HISTORY_DAYS))) {
            from = today.minusDays(HISTORY_DAYS);
        }
        PeriodSpec finished = DailySeries.finished(todays, from);
        AnalyticsResult result = analytics.queryAnalytics(new QueryDefinition(Optional.empty(), parts, customer, finished, BucketSize.DAY, List.of(),
                Map.of(), false, true, QueryDefinition.MAX_LIMIT, Optional.empty(), Optional.empty(), false).askedBy(actor));
        Map<MetricKey, AnalyticsResult.SeriesResult> series = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            series.put(parts.get(i), result.series().get(i));
        }
        return new History(today, from, result.buckets().size(), series);
    }

    private TargetAssessment assess(MetricTarget target, TargetShape shape, History history, boolean nonNegative) {
        LocalDate start = target.period().start(history.today());
        LocalDate end = target.period().end(history.today());
        int daysLeft = (int) ChronoUnit.DAYS.between(history.today(), end);
        int sinceStart = (int) ChronoUnit.DAYS.between(history.from(), start);
        Optional<String> currency = target.currency().map(CurrencyCode::value);
        Random random = new Random(SEED);
        double[] outcomes;
        Optional<Double> soFar;
        switch (shape) {
            case TargetShape.Additive additive -> {
                double[] values = DailySeries.values(history.series().get(additive.metric()), history.days(), currency);
                double sum = sum(values, sinceStart);
                soFar = Optional.of(sum);
                outcomes = TargetProjection.additive(sum, DailySeries.paths(values, daysLeft, PATHS, random), nonNegative);
            }
            case TargetShape.Level level -> {
                soFar = Optional.empty();
                double[] values = DailySeries.values(history.series().get(level.metric()), history.days(), currency);
                outcomes = TargetProjection.level(DailySeries.paths(values, daysLeft, PATHS, random), nonNegative);
            }
            case TargetShape.RatioOfSums ratio -> {
                double[] top = DailySeries.values(history.series().get(ratio.numerator()), history.days(), currency);
                double[] bottom = DailySeries.values(history.series().get(ratio.denominator()), history.days(), currency);
                double topSoFar = sum(top, sinceStart);
                double bottomSoFar = sum(bottom, sinceStart);
                soFar = bottomSoFar > 0 ? Optional.of(topSoFar / bottomSoFar * ratio.scale().doubleValue()) : Optional.empty();
                // a numerator that never passed its denominator is a part of it (completed calls of calls): its share stays ≤ 1
                boolean part = true;
                for (int i = 0; i < top.length; i++) {
                    part &= top[i] <= bottom[i];
                }
                outcomes = TargetProjection.ratio(topSoFar, bottomSoFar, DailySeries.paths(bottom, daysLeft, PATHS, random),
                        DailySeries.paths(TargetProjection.shares(top, bottom), daysLeft, PATHS, random), part ? 1 : Double.POSITIVE_INFINITY,
                        ratio.scale().doubleValue());
            }
        }
        Optional<TargetProjection> projection = Optional.ofNullable(TargetProjection.of(outcomes, target.comparison(), target.value().doubleValue()));
        return new TargetAssessment(target, start, end, daysLeft, soFar, projection,
                projection.isEmpty() ? Optional.of("no projection: the period's denominator comes to 0 on every path") : Optional.empty());
    }

    private static double sum(double[] values, int from) {
        double sum = 0;
        for (int i = Math.max(0, from); i < values.length; i++) {
            sum += values[i];
        }
        return sum;
    }

    private LocalDate today(Actor actor, MetricKey metric, Optional<CustomerId> customer) {
        return DailySeries.today(analytics, actor, metric, customer).to();
    }

}
