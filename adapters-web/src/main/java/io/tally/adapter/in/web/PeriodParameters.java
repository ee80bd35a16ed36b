package io.tally.adapter.in.web;

import io.tally.application.port.in.PeriodSpec;
import io.tally.application.port.in.billing.BillingPeriodSpec;
import io.tally.domain.analytics.RelativePeriod;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.report.ExportRequest;
import io.tally.domain.report.PaperSize;
import io.tally.domain.report.ReportType;
import io.tally.domain.common.TimeZoneId;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads {@code days}, {@code from}, {@code to} (YYYY-MM-DD), {@code month} (YYYY-MM), {@code period} (a relative
 * period such as {@code last_7_days}) and {@code tz} (IANA) as a period specification.
 */
public final class PeriodParameters {

    private PeriodParameters() {
    }

    public static PeriodSpec of(Integer days, String from, String to, String month, String period, String tz) {
        return new PeriodSpec(Optional.ofNullable(days), date("from", from), date("to", to), month(month), relative(period), zone(tz));
    }

    /** {@code days}, {@code from} and {@code to}, {@code month} (YYYY-MM) or {@code period}, as a billing period, always in the tenant's timezone. */
    public static BillingPeriodSpec billing(Integer days, String from, String to, String month, String period) {
        return new BillingPeriodSpec(Optional.ofNullable(days), date("from", from), date("to", to), month(month), relative(period));
    }

    /**
     * An export request from the query or body parameters: the period as named (checked when the export is
     * prepared), {@code format} (csv, pdf, json, xlsx, html), {@code bom} (default false) and {@code paper} (a4, letter;
     * default: the tenant's).
     */
    public static ExportRequest export(ReportType report, Optional<CustomerId> customer, Integer days, String from, String to, String month,
                                String period, String tz, String format, Boolean bom, String paper) {
        if (format == null || format.isBlank()) {
            throw new InvalidValueException("format", "is required: csv, pdf, json, xlsx or html");
        }
        return new ExportRequest(report, customer, Optional.ofNullable(days), date("from", from), date("to", to), month(month), relative(period), zone(tz),
                ExportFormat.fromWireName(format, "format"), bom != null && bom,
                Optional.ofNullable(paper).map(p -> PaperSize.fromWireName(p, "paper")));
    }

    private static Optional<RelativePeriod> relative(String period) {
        return Optional.ofNullable(period).map(name -> RelativePeriod.fromWireName(name, "period"));
    }

    private static Optional<YearMonth> month(String month) {
        if (month == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(YearMonth.parse(month));
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("month", "must be a month, YYYY-MM");
        }
    }

    private static Optional<LocalDate> date(String field, String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, "must be a date, YYYY-MM-DD");
        }
    }

    private static Optional<TimeZoneId> zone(String tz) {
        if (tz == null) {
            return Optional.empty();
        }
        if (!TimeZoneId.isValid(tz)) {
            throw new InvalidValueException("tz", "must be an IANA time zone name, such as Europe/Berlin or UTC");
        }
        return Optional.of(TimeZoneId.of(tz));
    }
}
