package io.tally.adapter.in.web.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tally.adapter.in.web.PeriodResponse;
import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.Meter;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.Metric;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON answer to an analytics question, by {@code POST /api/v1/analytics/query} and by a saved query's run: in a
 * meter's shape ({@link QueryResponse}) when it asked about a meter, else one series per metric
 * ({@link MetricsQueryResponse}).
 */
public final class QueryAnswers {

    /** What {@code as_of} says, wherever an answer carries it. */
    public static final String AS_OF = "null when the figures were read on the primary database (they are current); else they were read on the "
            + "read replica, and hold every change committed up to this instant";

    private QueryAnswers() {
    }

    public static Object of(AnalyticsResult result, QueryDefinition definition) {
        String customer = definition.customer().map(CustomerId::value).orElse(null);
        String bucket = definition.bucket().wireName();
        return definition.meter().isPresent() ? QueryResponse.of(result, customer, bucket) : MetricsQueryResponse.of(result, customer, bucket);
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record BucketResponse(Instant start, Instant end, String label) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TotalResponse(@Nullable BigDecimal value, @Nullable BigDecimal previous, @Nullable BigDecimal growthPct) {

        public static TotalResponse of(AnalyticsResult.Total total) {
            return new TotalResponse(total.value(), total.previous(), total.growthPct());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record GroupResponse(Map<String, String> key, List<BigDecimal> values, TotalResponse total) {

        public static GroupResponse of(List<String> dimensions, AnalyticsResult.Group group) {
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
    public record QueryResponse(String meter, String aggregation, @Nullable String customer, PeriodResponse period, String bucket,
                         List<BucketResponse> buckets, List<GroupResponse> groups, @Nullable @Schema(type = "object") TotalResponse totals,
                         @Nullable @Schema(description = AS_OF) Instant asOf) {

        public static QueryResponse of(AnalyticsResult result, String customer, String bucket) {
            AnalyticsResult.SeriesResult series = result.only();
            Meter meter = series.meter().orElseThrow();
            return new QueryResponse(meter.key().value(), meter.aggregation().wireName(), customer, PeriodResponse.of(result.period()), bucket,
                    bucketsOf(result), series.groups().stream().map(group -> GroupResponse.of(series.dimensions(), group)).toList(),
                    series.total().map(TotalResponse::of).orElse(null), result.asOf().orElse(null));
        }
    }

    /** One metric's answer: what it is (unit, polarity, decimals), its groups and its total. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SeriesResponse(String metric, String name, String unit, String polarity, @Nullable Integer decimals, List<String> dimensions,
                          List<GroupResponse> groups, @Nullable @Schema(type = "object") TotalResponse totals) {

        public static SeriesResponse of(AnalyticsResult.SeriesResult series) {
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
    public record MetricsQueryResponse(@Nullable String customer, PeriodResponse period, String bucket, List<BucketResponse> buckets,
                                List<SeriesResponse> series, @Nullable @Schema(description = AS_OF) Instant asOf) {

        public static MetricsQueryResponse of(AnalyticsResult result, String customer, String bucket) {
            return new MetricsQueryResponse(customer, PeriodResponse.of(result.period()), bucket, bucketsOf(result),
                    result.series().stream().map(SeriesResponse::of).toList(), result.asOf().orElse(null));
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
