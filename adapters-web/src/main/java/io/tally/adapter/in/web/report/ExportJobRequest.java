package io.tally.adapter.in.web.report;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.validation.constraints.NotBlank;
import java.util.Map;

/**
 * An async export: {@code report} (a report template's key: usage-summary, activity, billing-summary, usage-history,
 * content-performance, sales-overview, or one of the tenant's own), {@code customer} (the external id, for a report about
 * one customer), the period ({@code days}, or {@code from} and {@code to}, or {@code month}, or a relative
 * {@code period} such as {@code last_month}; {@code tz}), {@code params} (values for the template's parameters),
 * {@code format} (csv, pdf, json, xlsx, html), {@code bom} and {@code paper}.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record ExportJobRequest(@NotBlank String report, @Nullable String customer, @Nullable Integer days, @Nullable String from,
                        @Nullable String to, @Nullable String month, @Nullable String period, @Nullable String tz,
                        @Nullable Map<String, Object> params, @NotBlank String format, @Nullable Boolean bom, @Nullable String paper) {
}
