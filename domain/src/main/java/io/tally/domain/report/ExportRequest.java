package io.tally.domain.report;

import io.tally.domain.analytics.RelativePeriod;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.template.TemplateKey;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to export: a report template (of a customer, for a template about one), its period as the request named it
 * ({@code days}, or {@code from} and {@code to}, or {@code month}, or a {@code relative} period such as
 * {@code last_month}; {@code tz} for the days' timezone), values for the template's parameters, the format and the
 * rendering options ({@code bom}; {@code paper}, else the tenant's). Kept as given so that an async job runs exactly
 * what was asked, with "today" taken when it runs.
 */
public record ExportRequest(TemplateKey report, Optional<CustomerId> customer, Optional<Integer> days, Optional<LocalDate> from,
                            Optional<LocalDate> to, Optional<YearMonth> month, Optional<RelativePeriod> relative, Optional<TimeZoneId> tz,
                            Map<String, Object> params, ExportFormat format, boolean bom, Optional<PaperSize> paper) {

    /** The name a dashboard's export is recorded under; a dashboard is exported from the dashboard itself. */
    public static final String DASHBOARD = ReportKind.DASHBOARD.name();

    public ExportRequest {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(relative, "relative");
        Objects.requireNonNull(tz, "tz");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(paper, "paper");
        if (report.value().equals(DASHBOARD)) {
            throw new InvalidValueException("report", "a dashboard is exported from the dashboard: GET /api/v1/dashboards/{id}/export");
        }
    }
}
