package io.tally.adapter.in.web;

import io.micronaut.http.HttpRequest;
import io.tally.application.port.in.PeriodSpec;
import io.tally.application.port.in.billing.BillingPeriodSpec;
import io.tally.domain.analytics.RelativePeriod;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.report.ExportRequest;
import io.tally.domain.report.PaperSize;
import io.tally.domain.template.TemplateKey;
import io.tally.domain.common.TimeZoneId;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
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
     * An export request from the query or body parameters: the report template's key, the period as named (checked
     * when the export is prepared), the template's parameters' values, {@code format} (csv, pdf, json, xlsx, html),
     * {@code bom} (default false) and {@code paper} (a4, letter; default: the tenant's).
     */
    public static ExportRequest export(String report, Optional<CustomerId> customer, Integer days, String from, String to, String month,
                                       String period, String tz, Map<String, Object> params, String format, Boolean bom, String paper) {
        if (report == null || !TemplateKey.isValid(report)) {
            throw new InvalidValueException("report", report == null ? "is required: a report template's key (GET /api/v1/report-templates)"
                    : "'" + report + "' is not a report template's key: 1-64 lower-case letters, digits and '-'");
        }
        if (format == null || format.isBlank()) {
            throw new InvalidValueException("format", "is required: csv, pdf, json, xlsx or html");
        }
        return new ExportRequest(TemplateKey.of(report), customer, Optional.ofNullable(days), date("from", from), date("to", to), month(month),
                relative(period), zone(tz), params, ExportFormat.fromWireName(format, "format"), bom != null && bom,
                Optional.ofNullable(paper).map(p -> PaperSize.fromWireName(p, "paper")));
    }

    /** The {@code prefix.name=value} query parameters ({@code params.min_posts=2}, {@code filters.customer=acme}) by name, each given once. */
    public static Map<String, String> prefixed(HttpRequest<?> request, String prefix) {
        Map<String, String> values = new LinkedHashMap<>();
        request.getParameters().forEach((name, given) -> {
            if (name.startsWith(prefix)) {
                if (given.size() > 1) {
                    throw new InvalidValueException(name, "is given " + given.size() + " times; give it once");
                }
                values.put(name.substring(prefix.length()), given.getFirst());
            }
        });
        return values;
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
