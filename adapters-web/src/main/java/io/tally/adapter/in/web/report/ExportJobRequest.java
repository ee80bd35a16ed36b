package io.tally.adapter.in.web.report;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.validation.constraints.NotBlank;

/**
 * An async export: {@code report} (usage-summary, activity, billing-summary, usage-history), {@code customer}
 * (the external id, for the per-customer reports), the period ({@code days}, or {@code from} and {@code to}, or
 * {@code month}, or a relative {@code period} such as {@code last_month}; {@code tz} for usage), {@code format} (csv, pdf, json, xlsx, html), {@code bom} and {@code paper}.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record ExportJobRequest(@NotBlank String report, @Nullable String customer, @Nullable Integer days, @Nullable String from,
                        @Nullable String to, @Nullable String month, @Nullable String period, @Nullable String tz, @NotBlank String format,
                        @Nullable Boolean bom, @Nullable String paper) {
}
