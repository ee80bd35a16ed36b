package io.tally.adapter.in.web.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.adapter.in.http.MoneyResponse;
import io.tally.adapter.in.web.PeriodResponse;
import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.CallActivity;
import io.tally.application.port.in.analytics.Figure;
import io.tally.application.port.in.analytics.UsageSummary;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.FigureValue;
import io.tally.domain.analytics.Meter;
import io.tally.domain.metric.Metric;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the analytics endpoints. */
final class AnalyticsResponses {

    private AnalyticsResponses() {
    }

    /** A figure: {@code value} and {@code previous} are numbers (or null), or objects from a dimension value to a number. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record FigureResponse(@Nullable Object value, @Nullable Object previous, @Nullable Object growthPct) {

        static FigureResponse of(Figure figure) {
            return new FigureResponse(plain(figure.value()), plain(figure.previous()), plain(figure.growthPct()));
        }

        private static Object plain(FigureValue value) {
            return switch (value) {
                case FigureValue.Scalar scalar -> scalar.value();
                case FigureValue.Breakdown breakdown -> breakdown.values();
            };
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TopCustomerResponse(String externalId, String displayName, long apiCalls) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SummaryResponse(PeriodResponse period, Map<String, FigureResponse> figures, @Nullable List<TopCustomerResponse> topCustomers) {

        static SummaryResponse of(UsageSummary summary) {
            Map<String, FigureResponse> figures = new LinkedHashMap<>();
            summary.figures().forEach(figure -> figures.put(figure.key().value(), FigureResponse.of(figure)));
            return new SummaryResponse(PeriodResponse.of(summary.period()), figures, summary.topCustomers()
                    .map(top -> top.stream().map(c -> new TopCustomerResponse(c.externalId(), c.displayName(), c.apiCalls())).toList())
                    .orElse(null));
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AgentResponse(String agent, long calls, long completed, @Nullable BigDecimal successRate) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DailyResponse(LocalDate date, long calls) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ActivityResponse(PeriodResponse period, long totalCalls, long completedCalls, @Nullable BigDecimal successRate,
                            @Nullable BigDecimal averageDurationS, List<MoneyResponse> totalCost, Map<String, Long> callsByOutcome,
                            List<AgentResponse> agents, List<DailyResponse> daily) {

        static ActivityResponse of(CallActivity activity) {
            return new ActivityResponse(PeriodResponse.of(activity.period()), activity.totalCalls(), activity.completedCalls(),
                    activity.successRate(), activity.averageDurationS(), activity.totalCost().stream().map(MoneyResponse::of).toList(),
                    activity.callsByOutcome(),
                    activity.agents().stream().map(a -> new AgentResponse(a.agent(), a.calls(), a.completed(), a.successRate())).toList(),
                    activity.daily().stream().map(d -> new DailyResponse(d.date(), d.calls())).toList());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record BucketResponse(Instant start, Instant end, String label) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TotalResponse(@Nullable BigDecimal value, @Nullable BigDecimal previous, @Nullable BigDecimal growthPct) {

        static TotalResponse of(AnalyticsResult.Total total) {
            return new TotalResponse(total.value(), total.previous(), total.growthPct());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record GroupResponse(Map<String, String> key, List<BigDecimal> values, TotalResponse total) {

        static GroupResponse of(List<String> dimensions, AnalyticsResult.Group group) {
            Map<String, String> key = new LinkedHashMap<>();
            for (int i = 0; i < dimensions.size(); i++) {
                key.put(dimensions.get(i), group.key().get(i));
            }
            return new GroupResponse(key, group.values(), TotalResponse.of(group.total()));
        }
    }

    /** The answer to a meter question: one series, in the meter's terms. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record QueryResponse(String meter, String aggregation, @Nullable String customer, PeriodResponse period, String bucket,
                         List<BucketResponse> buckets, List<GroupResponse> groups, @Nullable TotalResponse totals) {

        static QueryResponse of(AnalyticsResult result, String customer, String bucket) {
            AnalyticsResult.SeriesResult series = result.only();
            Meter meter = series.meter().orElseThrow();
            return new QueryResponse(meter.key().value(), meter.aggregation().wireName(), customer, PeriodResponse.of(result.period()), bucket,
                    bucketsOf(result), series.groups().stream().map(group -> GroupResponse.of(series.dimensions(), group)).toList(),
                    series.total().map(TotalResponse::of).orElse(null));
        }
    }

    /** One metric's answer: what it is (unit, polarity, decimals), its groups and its total. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SeriesResponse(String metric, String name, String unit, String polarity, @Nullable Integer decimals, List<String> dimensions,
                          List<GroupResponse> groups, @Nullable TotalResponse totals) {

        static SeriesResponse of(AnalyticsResult.SeriesResult series) {
            Metric metric = series.metric();
            return new SeriesResponse(metric.key().value(), metric.name(), metric.unit().wireName(), metric.polarity().wireName(),
                    metric.decimals().orElse(null), series.dimensions(),
                    series.groups().stream().map(group -> GroupResponse.of(series.dimensions(), group)).toList(),
                    series.total().map(TotalResponse::of).orElse(null));
        }
    }

    /** The answer to a metric question: one series per metric, over the same buckets. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record MetricsQueryResponse(@Nullable String customer, PeriodResponse period, String bucket, List<BucketResponse> buckets,
                                List<SeriesResponse> series) {

        static MetricsQueryResponse of(AnalyticsResult result, String customer, String bucket) {
            return new MetricsQueryResponse(customer, PeriodResponse.of(result.period()), bucket, bucketsOf(result),
                    result.series().stream().map(SeriesResponse::of).toList());
        }
    }

    private static List<BucketResponse> bucketsOf(AnalyticsResult result) {
        List<BucketResponse> buckets = new ArrayList<>();
        for (Bucket b : result.buckets()) {
            buckets.add(new BucketResponse(b.start(), b.end(), b.label()));
        }
        return buckets;
    }
}
