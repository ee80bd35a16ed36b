package io.tally.adapter.in.web.insight;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.application.port.in.insight.GetInsightsUseCase;
import io.tally.application.port.in.insight.InsightQuery;
import io.tally.application.port.in.insight.InsightView;
import io.tally.application.port.in.insight.SeriesReading;
import io.tally.adapter.in.web.target.TargetJson;
import io.tally.domain.target.TargetAssessment;
import io.tally.domain.target.TargetStatus;
import java.util.Comparator;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.insight.Anomalies;
import io.tally.domain.insight.Seasonality;
import io.tally.domain.metric.MetricKey;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Insights of one metric's series: trend, seasonality, a forecast that publishes its own backtest, anomalies. */
@Tag(name = "Insights")
@Controller("/api/v1/insights")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemResponses.Secured
class InsightController {

    private final GetInsightsUseCase insights;

    InsightController(GetInsightsUseCase insights) {
        this.insights = insights;
    }

    /**
     * Insights of a metric over the last {@code days} finished days (viewer and above; a customer-scoped token only for its
     * customers): the series (the current, unfinished bucket left out and said so), its trend, velocity, momentum,
     * volatility, weekly seasonality (daily buckets), a forecast of {@code horizon} buckets with 80 % and 95 % intervals,
     * the backtest of the same method on the series' own last {@code horizon} buckets, and anomalies. See docs/insights.md.
     *
     * @param metric a metric's key
     * @param customer a customer's external id (default: the tenant)
     * @param days 14 to 365 (default 90)
     * @param bucket day (default), week or month
     * @param horizon buckets to forecast, 1 to 90 (default 14)
     * @param currency for a money metric in several currencies
     * @return the insights
     */
    @Get
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    Map<String, Object> insights(@Parameter(hidden = true) Actor actor, @QueryValue @Nullable String metric, @QueryValue @Nullable String customer,
                                 @QueryValue @Nullable Integer days, @QueryValue @Nullable String bucket, @QueryValue @Nullable Integer horizon,
                                 @QueryValue @Nullable String currency) {
        if (metric == null || metric.isBlank()) {
            throw new InvalidValueException("metric", "is required: a metric's key, such as calls (GET /api/v1/metrics lists them)");
        }
        if (!MetricKey.isValid(metric)) {
            throw new InvalidValueException("metric", "'" + metric + "' is not a metric key");
        }
        Optional<CustomerId> whose = Optional.ofNullable(customer).filter(text -> !text.isBlank()).map(text -> {
            String problem = CustomerId.problemWith(text);
            if (problem != null) {
                throw new InvalidValueException("customer", problem);
            }
            return CustomerId.of(text);
        });
        InsightView view = insights.getInsights(new InsightQuery(actor, MetricKey.of(metric), whose, days == null ? InsightQuery.DEFAULT_DAYS : days,
                bucket == null ? BucketSize.DAY : BucketSize.fromWireName(bucket), horizon == null ? InsightQuery.DEFAULT_HORIZON : horizon,
                Optional.ofNullable(currency).filter(text -> !text.isBlank())));
        return json(view);
    }

    static Map<String, Object> json(InsightView view) {
        SeriesReading reading = view.insights();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("metric", ordered("key", view.metric().key().value(), "name", view.metric().name(), "unit", view.metric().unit().wireName(),
                "polarity", view.metric().polarity().wireName()));
        json.put("customer", view.customer().orElse(null));
        json.put("currency", view.currency().orElse(null));
        json.put("period", ordered("from", view.period().from().toString(), "to", view.period().to().toString(), "timezone",
                view.period().zone().value()));
        json.put("left_out", ordered("start", view.leftOut().start().toString(), "end", view.leftOut().end().toString(), "reason",
                "the current bucket is not finished: its value would read as a drop"));
        List<Map<String, Object>> series = new ArrayList<>();
        for (int i = 0; i < view.buckets().size(); i++) {
            series.add(ordered("start", view.buckets().get(i).start().toString(), "value", view.values().get(i)));
        }
        json.put("series", series);
        SeriesReading.Trend trend = reading.trend();
        Map<String, Object> trendJson = new LinkedHashMap<>();
        trendJson.put("direction", trend.direction().name().toLowerCase(Locale.ROOT));
        trendJson.put("slope_per_bucket", round(trend.slope()));
        trendJson.put("slope_95", List.of(round(trend.slopeLow()), round(trend.slopeHigh())));
        trendJson.put("relative_change", Double.isNaN(trend.relativeChange()) ? null : round(trend.relativeChange()));
        trendJson.put("strength_r2", round(trend.strength()));
        json.put("trend", trendJson);
        json.put("velocity", round(reading.velocity()));
        json.put("momentum", round(reading.momentum()));
        json.put("volatility", reading.volatility() == null ? null : round(reading.volatility()));
        Seasonality seasonality = reading.seasonality();
        Map<String, Object> seasonal = new LinkedHashMap<>();
        seasonal.put("weekly", seasonality.detected());
        seasonal.put("strength", round(seasonality.strength()));
        seasonal.put("bound", round(seasonality.bound()));
        seasonal.put("peak", seasonality.peakWeekday() == 0 ? null : weekday(seasonality.peakWeekday()));
        seasonal.put("trough", seasonality.troughWeekday() == 0 ? null : weekday(seasonality.troughWeekday()));
        seasonal.put("note", seasonality.note());
        json.put("seasonality", seasonal);
        Map<String, Object> forecast = new LinkedHashMap<>();
        forecast.put("method", reading.forecast().method());
        forecast.put("floored_at_zero", view.nonNegative());
        List<Map<String, Object>> points = new ArrayList<>();
        for (SeriesReading.Point point : reading.forecast().points()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("step", point.step());
            p.put("value", round(floor(point.value(), view.nonNegative())));
            p.put("interval_80", List.of(round(floor(point.low80(), view.nonNegative())), round(point.high80())));
            p.put("interval_95", List.of(round(floor(point.low95(), view.nonNegative())), round(point.high95())));
            points.add(p);
        }
        forecast.put("points", points);
        json.put("forecast", forecast);
        SeriesReading.Backtest backtest = reading.backtest();
        json.put("backtest", backtest == null ? null : ordered("held_out", backtest.heldOut(), "mape", backtest.mape() == null ? "n/a" : round(backtest.mape()),
                "coverage_80", round(backtest.coverage80()), "coverage_95", round(backtest.coverage95())));
        List<Map<String, Object>> anomalies = new ArrayList<>();
        for (Anomalies.Anomaly anomaly : reading.anomalies()) {
            anomalies.add(ordered("start", view.buckets().get(anomaly.index()).start().toString(), "value", round(anomaly.value()), "expected",
                    round(anomaly.expected()), "score", round(anomaly.score())));
        }
        json.put("anomalies", anomalies);
        json.put("targets", view.targets().stream().map(TargetJson::assessment).toList());
        json.put("target_status", worst(view.targets()));
        json.put("at", view.at().toString());
        return json;
    }

    /** The least favourable status among the targets' (off track, then at risk, then on track); null when none has one. */
    private static String worst(List<TargetAssessment> targets) {
        return targets.stream().flatMap(target -> target.status().stream()).max(Comparator.naturalOrder()).map(TargetStatus::wireName).orElse(null);
    }

    /** A JSON object with its fields in the order given (key, value, key, value, …). */
    private static Map<String, Object> ordered(Object... fields) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            json.put((String) fields[i], fields[i + 1]);
        }
        return json;
    }

    /** A metric that can't be negative (counts, money, shares) has its forecast and lower bounds floored at 0; upper bounds stay. */
    private static double floor(double value, boolean nonNegative) {
        return nonNegative ? Math.max(0, value) : value;
    }

    private static BigDecimal round(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    private static String weekday(int iso) {
        return DayOfWeek.of(iso).getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
    }
}
