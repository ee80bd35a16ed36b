package io.tally.adapter.in.web.analytics;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A question about a meter or metrics: {@code meter} (a meter key), {@code metric} (a metric key) or {@code metrics}
 * (up to 10 metric keys, over the same buckets); optionally {@code customer}; the period as {@code days},
 * {@code from}/{@code to}, {@code month} (YYYY-MM) or {@code period} (yesterday, last_7_days, last_30_days, last_week,
 * this_month, last_month, this_quarter, year_to_date, last_12_months), optionally {@code tz}; {@code bucket} hour, day (default),
 * week or month; {@code group_by} up to two dimensions (the events' own, their items', or {@code @weekday}, {@code @hour},
 * {@code @weekday_hour}, {@code @first}); {@code filters} dimension = value; {@code compare} "previous"; {@code order}
 * desc (default) or asc; {@code limit} 1 to 100 groups (default 10); {@code order_by} one of the metrics, whose groups
 * every metric then answers; {@code having} {@code {"metric": key, "min": n}}, only the groups where that metric
 * reaches n.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record AnalyticsQueryRequest(
        @Nullable String meter,
        @Nullable String metric,
        @Nullable List<String> metrics,
        @Nullable String customer,
        @Nullable Integer days,
        @Nullable String from,
        @Nullable String to,
        @Nullable String month,
        @Nullable String period,
        @Nullable String tz,
        @Nullable String bucket,
        @Nullable List<String> groupBy,
        @Nullable Map<String, String> filters,
        @Nullable String compare,
        @Nullable String order,
        @Nullable Integer limit,
        @Nullable String orderBy,
        @Nullable @Schema(type = "object") HavingRequest having) {

    /** Only the groups whose total of {@code metric} is at least {@code min}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record HavingRequest(@Nullable String metric, @Nullable BigDecimal min) {
    }

    /** The question in its JSON form (fields given only), as the application reads queries. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        put(json, "meter", meter);
        put(json, "metric", metric);
        put(json, "metrics", metrics);
        put(json, "customer", customer);
        put(json, "days", days);
        put(json, "from", from);
        put(json, "to", to);
        put(json, "month", month);
        put(json, "period", period);
        put(json, "tz", tz);
        put(json, "bucket", bucket);
        put(json, "group_by", groupBy);
        put(json, "filters", filters);
        put(json, "compare", compare);
        put(json, "order", order);
        put(json, "limit", limit);
        put(json, "order_by", orderBy);
        if (having != null) {
            Map<String, Object> kept = new LinkedHashMap<>();
            put(kept, "metric", having.metric());
            put(kept, "min", having.min());
            json.put("having", kept);
        }
        return json;
    }

    private static void put(Map<String, Object> json, String name, Object value) {
        if (value != null) {
            json.put(name, value);
        }
    }
}
