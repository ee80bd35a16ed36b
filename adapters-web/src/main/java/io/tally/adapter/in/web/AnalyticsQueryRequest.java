package io.tally.adapter.in.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.adapter.in.http.validation.ExternalCustomerId;
import io.tally.application.port.in.analytics.AnalyticsQuery;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * A question about one meter: {@code meter} (a key), optionally {@code customer}; the period as {@code days}
 * or {@code from}/{@code to}, optionally {@code tz}; {@code bucket} hour, day (default), week or month;
 * {@code group_by} up to two dimensions; {@code filters} dimension = value; {@code compare} "previous";
 * {@code order} desc (default) or asc; {@code limit} 1 to 100 groups (default 10).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record AnalyticsQueryRequest(
        @NotBlank String meter,
        @Nullable @ExternalCustomerId String customer,
        @Nullable @Min(1) @Max(365) Integer days,
        @Nullable String from,
        @Nullable String to,
        @Nullable String tz,
        @Nullable @Pattern(regexp = "hour|day|week|month", message = "must be one of hour, day, week, month") String bucket,
        @Nullable @Size(max = 2) List<String> groupBy,
        @Nullable @Size(max = 10) Map<String, String> filters,
        @Nullable @Pattern(regexp = "previous", message = "must be \"previous\" when given") String compare,
        @Nullable @Pattern(regexp = "asc|desc", message = "must be asc or desc") String order,
        @Nullable @Min(1) @Max(AnalyticsQuery.MAX_LIMIT) Integer limit) {
}
