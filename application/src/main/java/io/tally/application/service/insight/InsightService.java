package io.tally.application.service.insight;

import io.tally.application.port.in.PeriodSpec;
import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.QueryAnalyticsUseCase;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.application.port.in.insight.GetInsightsUseCase;
import io.tally.application.port.in.insight.InsightQuery;
import io.tally.application.port.in.insight.InsightView;
import io.tally.application.port.in.insight.SeriesReading;
import io.tally.application.port.in.target.AssessTargetsUseCase;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.Period;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.metric.MetricUnit;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Insights of one metric's series, asked through the query model like any figure ({@link QueryAnalyticsUseCase}: the same
 * catalogue, scope, roles and customer visibility): the finished buckets of the last {@code days} days in the subject's
 * timezone, the current unfinished one left out and said so, then read by {@link SeriesInsights}.
 */
public final class InsightService implements GetInsightsUseCase {

    private final QueryAnalyticsUseCase analytics;
    private final AssessTargetsUseCase targets;
    private final Clock clock;

    public InsightService(QueryAnalyticsUseCase analytics, AssessTargetsUseCase targets, Clock clock) {
        this.analytics = Objects.requireNonNull(analytics, "analytics");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public InsightView getInsights(InsightQuery query) {
        // the subject's today: the period of one day ending today, cut in its timezone
        Period today = DailySeries.today(analytics, query.actor(), query.metric(), query.customer());
        LocalDate current = currentBucketStart(today.to(), query.bucket());
        LocalDate to = current.minusDays(1);
        // the whole buckets within the last days: a week or month that began before them is left out
        LocalDate earliest = to.minusDays(query.days() - 1L);
        LocalDate from = bucketStart(earliest, query.bucket());
        if (from.isBefore(earliest)) {
            from = nextBucketStart(from, query.bucket());
        }
        if (from.isAfter(to)) {
            throw new InvalidValueException("days", "the last " + query.days() + " days hold no whole " + query.bucket().wireName()
                    + "; insights need at least 4 finished buckets");
        }
        PeriodSpec finished = new PeriodSpec(Optional.empty(), Optional.of(from), Optional.of(to), Optional.empty(), Optional.empty(),
                Optional.of(today.zone()), true);
        AnalyticsResult result = analytics.queryAnalytics(definition(query, finished, query.bucket()).askedBy(query.actor()));
        AnalyticsResult.SeriesResult series = result.series().getFirst();
        AnalyticsResult.Group group = group(series, query.currency());
        List<BigDecimal> values = new ArrayList<>();
        BigDecimal empty = series.empty() == null ? BigDecimal.ZERO : series.empty();
        group.values().forEach(value -> values.add(value == null ? empty : value));
        if (values.size() < 4) {
            throw new InvalidValueException("days", "the period holds " + values.size() + " finished " + query.bucket().wireName()
                    + " buckets; insights need at least 4");
        }
        double[] numbers = values.stream().mapToDouble(BigDecimal::doubleValue).toArray();
        boolean daily = query.bucket() == BucketSize.DAY;
        SeriesReading reading = SeriesInsights.of(numbers, daily, from.getDayOfWeek().getValue(), query.horizon());
        Bucket leftOut = new Bucket(current.atStartOfDay(today.zone().zone()).toInstant(),
                nextBucketStart(current, query.bucket()).atStartOfDay(today.zone().zone()).toInstant(), "current");
        boolean nonNegative = series.metric().unit() != MetricUnit.NUMBER;
        Optional<String> currency = series.metric().unit() == MetricUnit.MONEY && !group.key().isEmpty() ? Optional.ofNullable(group.key().getLast())
                : Optional.empty();
        return new InsightView(series.metric(), query.customer().map(Object::toString), result.period(), result.buckets(), values, leftOut, currency,
                nonNegative, reading, targets.assessTargets(query.actor(), query.metric(), query.customer(), currency.map(CurrencyCode::of)),
                clock.instant());
    }

    private static QueryDefinition definition(InsightQuery query, PeriodSpec period, BucketSize bucket) {
        return new QueryDefinition(Optional.empty(), List.of(query.metric()), query.customer(), period, bucket, List.of(), Map.of(), false, true,
                QueryDefinition.MAX_LIMIT, Optional.empty(), Optional.empty(), false);
    }

    /** The one series asked for: the ungrouped one, or a money metric's in {@code currency} (needed when there are several). */
    static AnalyticsResult.Group group(AnalyticsResult.SeriesResult series, Optional<String> currency) {
        List<AnalyticsResult.Group> groups = series.groups();
        if (currency.isPresent()) {
            return groups.stream().filter(group -> !group.key().isEmpty() && currency.get().equals(group.key().getLast())).findFirst()
                    .orElseThrow(() -> new InvalidValueException("currency", "the metric has no amounts in " + currency.get() + " in the period"));
        }
        if (groups.size() == 1) {
            return groups.getFirst();
        }
        if (groups.isEmpty()) {
            throw new InvalidValueException("metric", "'" + series.metric().key() + "' has no values in the period");
        }
        throw new InvalidValueException("currency", "'" + series.metric().key() + "' is money in " + groups.size()
                + " currencies in the period: name one with currency");
    }

    static LocalDate currentBucketStart(LocalDate today, BucketSize bucket) {
        return bucketStart(today, bucket);
    }

    static LocalDate bucketStart(LocalDate day, BucketSize bucket) {
        return switch (bucket) {
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
            default -> day;
        };
    }

    static LocalDate nextBucketStart(LocalDate start, BucketSize bucket) {
        return switch (bucket) {
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
            default -> start.plusDays(1);
        };
    }
}
