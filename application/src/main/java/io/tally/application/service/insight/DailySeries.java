package io.tally.application.service.insight;

import io.tally.application.port.in.PeriodSpec;
import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.QueryAnalyticsUseCase;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.Period;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.insight.Seasonality;
import io.tally.domain.metric.MetricKey;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * What insights, targets and recommendations share to read a figure day by day: the subject's today (its one-day
 * period, cut in its timezone), the finished days from a given one, a series' daily values as numbers, and sample paths
 * of the days ahead from the model insights fit.
 */
public final class DailySeries {

    private DailySeries() {
    }

    /** The subject's today (a customer's, else the tenant's) as a one-day period: its date and its timezone. */
    public static Period today(QueryAnalyticsUseCase analytics, Actor actor, MetricKey metric, Optional<CustomerId> whose) {
        return analytics.periodOf(new QueryDefinition(Optional.empty(), List.of(metric), whose, new PeriodSpec(Optional.of(1), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), BucketSize.DAY, List.of(), Map.of(), false, true,
                QueryDefinition.MAX_LIMIT, Optional.empty(), Optional.empty(), false).askedBy(actor));
    }

    /** The finished days from {@code from} to the day before {@code today}, in today's timezone. */
    public static PeriodSpec finished(Period today, LocalDate from) {
        return new PeriodSpec(Optional.empty(), Optional.of(from), Optional.of(today.to().minusDays(1)), Optional.empty(), Optional.empty(),
                Optional.of(today.zone()), true);
    }

    /**
     * A series' {@code days} values: its group in {@code currency} when it is grouped by currency, else its ungrouped
     * values; zeros when it has none (nothing measured); a day without a value counts as the metric's empty value.
     */
    public static double[] values(AnalyticsResult.SeriesResult series, int days, Optional<String> currency) {
        List<AnalyticsResult.Group> groups = series.groups();
        Optional<AnalyticsResult.Group> group = currency.flatMap(code -> groups.stream()
                        .filter(one -> !one.key().isEmpty() && code.equals(one.key().getLast())).findFirst())
                .or(() -> groups.stream().filter(one -> one.key().isEmpty()).findFirst());
        BigDecimal empty = series.empty() == null ? BigDecimal.ZERO : series.empty();
        double[] values = new double[days];
        group.ifPresent(one -> {
            for (int i = 0; i < values.length; i++) {
                BigDecimal value = one.values().get(i);
                values[i] = (value == null ? empty : value).doubleValue();
            }
        });
        return values;
    }

    /** {@code count} sample paths of the next {@code steps} days, from the model insights fit on {@code values}. */
    public static double[][] paths(double[] values, int steps, int count, Random random) {
        return SeriesInsights.fit(values, Seasonality.weekly(values, 1).detected()).paths(steps, count, random);
    }
}
