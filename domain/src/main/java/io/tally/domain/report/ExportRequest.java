package io.tally.domain.report;

import io.tally.domain.analytics.RelativePeriod;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;
import java.util.Optional;

/**
 * What to export: a report (of a customer, for the per-customer reports), its period as the request named
 * it ({@code days}, or {@code from} and {@code to}, or {@code month}, or a {@code relative} period such as
 * {@code last_month}; {@code tz} for usage reports), the format and the rendering options ({@code bom}; {@code paper}, else the tenant's).
 * Kept as given so that an async job runs exactly what was asked, with "today" taken when it runs.
 */
public record ExportRequest(ReportType report, Optional<CustomerId> customer, Optional<Integer> days, Optional<LocalDate> from,
                            Optional<LocalDate> to, Optional<YearMonth> month, Optional<RelativePeriod> relative, Optional<TimeZoneId> tz,
                            ExportFormat format, boolean bom, Optional<PaperSize> paper) {

    public ExportRequest {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(relative, "relative");
        Objects.requireNonNull(tz, "tz");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(paper, "paper");
        if (report == ReportType.DASHBOARD) {
            throw new InvalidValueException("report", "a dashboard is exported from the dashboard: GET /api/v1/dashboards/{id}/export");
        }
        if (report.isPerCustomer() && customer.isEmpty()) {
            throw new InvalidValueException("customer", "the " + report.wireName() + " report is about one customer: name it");
        }
        if (!report.isPerCustomer() && customer.isPresent()) {
            throw new InvalidValueException("customer", "the " + report.wireName() + " report is about the whole tenant: name no customer");
        }
        if (tz.isPresent() && report == ReportType.BILLING_SUMMARY) {
            throw new InvalidValueException("tz", "billing figures are cut in the tenant's timezone; tz is not taken");
        }
    }
}
