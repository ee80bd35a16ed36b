package io.tally.adapter.in.web.report;

import io.tally.adapter.in.web.PeriodParameters;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.adapter.in.http.validation.ExternalCustomerId;
import io.tally.application.port.in.report.DownloadExportUseCase;
import io.tally.application.port.in.report.ExportCommand;
import io.tally.application.port.in.report.ExportDownload;
import io.tally.application.port.in.report.ExportJobQuery;
import io.tally.application.port.in.report.GetExportJobUseCase;
import io.tally.application.port.in.report.PrepareExportUseCase;
import io.tally.application.port.in.report.StartExportUseCase;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.report.ExportJob;
import io.tally.domain.report.ExportRequest;
import jakarta.validation.Valid;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reports and exports, synchronous and async, of any report template. Analysts and above, and customer-scoped tokens for their own
 * customers (the use cases check both); every export is recorded as an {@code export.generated} usage event
 * and an audit entry. A report is rendered before the response starts, so a failure is a problem response;
 * a usage history is streamed from a database cursor as it is sent, whatever its size.
 */
@Tag(name = "Reports and exports")
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRoles.VIEWER)
@ProblemResponses.Secured
class ExportController {

    private static final String USAGE_HISTORY = "usage-history";

    private final PrepareExportUseCase prepare;
    private final StartExportUseCase start;
    private final GetExportJobUseCase jobs;
    private final DownloadExportUseCase download;

    ExportController(PrepareExportUseCase prepare, StartExportUseCase start, GetExportJobUseCase jobs, DownloadExportUseCase download) {
        this.prepare = prepare;
        this.start = start;
        this.jobs = jobs;
        this.download = download;
    }

    /**
     * A customer's report as a file: any report template about one customer ({@code usage-summary}, {@code activity},
     * {@code content-performance}, {@code sales-overview}, {@code usage-history}, or one of the tenant's own).
     *
     * @param externalId the customer's external id
     * @param report the template's key
     * @param format csv, pdf, json, xlsx or html
     * @param days today and the days before it, 1 to 365 (default 30)
     * @param from first day, YYYY-MM-DD (with {@code to})
     * @param to last day, YYYY-MM-DD, included
     * @param month a calendar month, YYYY-MM
     * @param period a relative period: yesterday, last_7_days, last_30_days, last_week, this_month, last_month, this_quarter, year_to_date, last_12_months
     * @param tz IANA timezone to cut days in (default: the customer's, else the tenant's)
     * @param bom true to start a CSV with a UTF-8 byte order mark, for Excel
     * @param paper a4 or letter, for PDF (default: by the tenant's locale)
     * @return the file, as an attachment
     */
    @Get("/customers/{externalId}/reports/{report}")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    @ProblemResponses.Unprocessable
    HttpResponse<?> customerReport(@Parameter(hidden = true) Actor actor, HttpRequest<?> request, @PathVariable @ExternalCustomerId String externalId,
                                   @PathVariable String report, @QueryValue @Nullable String format, @QueryValue @Nullable Integer days,
                                   @QueryValue @Nullable String from, @QueryValue @Nullable String to, @QueryValue @Nullable String month,
                                   @QueryValue @Nullable String period, @QueryValue @Nullable String tz,
                                   @QueryValue @Nullable Boolean bom, @QueryValue @Nullable String paper) {
        return export(actor, PeriodParameters.export(report, Optional.of(CustomerId.of(externalId)), days, from, to, month, period, tz,
                params(request), format, bom, paper));
    }

    /**
     * Any report template as a file: about the customer named by {@code customer} (a template about one customer), or
     * about the whole tenant ({@code billing-summary}, a tenant's own); {@code params.<name>=value} sets the template's
     * parameters ({@code params.min_posts=2}).
     *
     * @param report the template's key (GET /api/v1/report-templates lists them)
     * @param customer the customer's external id, for a template about one customer
     * @param format csv, pdf, json, xlsx or html
     * @param days today and the days before it, 1 to 365 (default 30)
     * @param from first day, YYYY-MM-DD (with {@code to})
     * @param to last day, YYYY-MM-DD, included
     * @param month a calendar month, YYYY-MM
     * @param period a relative period: yesterday, last_7_days, last_30_days, last_week, this_month, last_month, this_quarter, year_to_date, last_12_months
     * @param tz IANA timezone to cut days in (default: the customer's, else the tenant's; billing figures always the tenant's)
     * @param bom true to start a CSV with a UTF-8 byte order mark, for Excel
     * @param paper a4 or letter, for PDF (default: by the tenant's locale)
     * @return the file, as an attachment
     */
    @Get("/reports/{report}")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    @ProblemResponses.Unprocessable
    HttpResponse<?> report(@Parameter(hidden = true) Actor actor, HttpRequest<?> request, @PathVariable String report,
                           @QueryValue @Nullable @ExternalCustomerId String customer, @QueryValue @Nullable String format,
                           @QueryValue @Nullable Integer days, @QueryValue @Nullable String from, @QueryValue @Nullable String to,
                           @QueryValue @Nullable String month, @QueryValue @Nullable String period, @QueryValue @Nullable String tz,
                           @QueryValue @Nullable Boolean bom, @QueryValue @Nullable String paper) {
        return export(actor, PeriodParameters.export(report, Optional.ofNullable(customer).map(CustomerId::of), days, from, to, month, period, tz,
                params(request), format, bom, paper));
    }

    /**
     * A customer's raw usage events in a period, one row per event, streamed (the {@code usage-history} template): CSV
     * or XLSX of any size; PDF and HTML up to 50,000 events (422 above, pointing to CSV).
     *
     * @param externalId the customer's external id
     * @param format csv, pdf, json, xlsx or html
     * @param days today and the days before it, 1 to 365 (default 30)
     * @param from first day, YYYY-MM-DD (with {@code to})
     * @param to last day, YYYY-MM-DD, included
     * @param month a calendar month, YYYY-MM
     * @param period a relative period: yesterday, last_7_days, last_30_days, last_week, this_month, last_month, this_quarter, year_to_date, last_12_months
     * @param tz IANA timezone for the days and the times shown (default: the customer's, else the tenant's)
     * @param bom true to start a CSV with a UTF-8 byte order mark, for Excel
     * @param paper a4 or letter, for PDF (default: by the tenant's locale)
     * @return the file, as an attachment
     */
    @Get("/customers/{externalId}/usage/history/export")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    @ProblemResponses.Unprocessable
    HttpResponse<?> usageHistory(@Parameter(hidden = true) Actor actor, @PathVariable @ExternalCustomerId String externalId,
                                 @QueryValue @Nullable String format, @QueryValue @Nullable Integer days, @QueryValue @Nullable String from,
                                 @QueryValue @Nullable String to, @QueryValue @Nullable String month, @QueryValue @Nullable String period,
                                 @QueryValue @Nullable String tz, @QueryValue @Nullable Boolean bom, @QueryValue @Nullable String paper) {
        return export(actor, PeriodParameters.export(USAGE_HISTORY, Optional.of(CustomerId.of(externalId)), days, from, to, month, period, tz,
                Map.of(), format, bom, paper));
    }

    /**
     * Starts an async export of any report (usage-history included); poll {@code GET /api/v1/exports/{id}},
     * then download {@code GET /api/v1/exports/{id}/file}. Files are kept for 24 hours.
     *
     * @param body the report, its customer (per-customer reports), period, format and options
     * @return 202 with the job and a Location header
     */
    @Post("/exports")
    @ApiResponse(responseCode = "202", description = "the queued job; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExportJobResponse.class)))
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    HttpResponse<ExportJobResponse> startExport(@Parameter(hidden = true) Actor actor, @Body @Valid ExportJobRequest body) {
        ExportRequest request = PeriodParameters.export(body.report(), Optional.ofNullable(body.customer()).map(CustomerId::of), body.days(),
                body.from(), body.to(), body.month(), body.period(), body.tz(), body.params() == null ? Map.of() : body.params(), body.format(),
                body.bom(), body.paper());
        ExportJob job = start.startExport(new ExportCommand(actor, request));
        return HttpResponse.<ExportJobResponse>status(HttpStatus.ACCEPTED).body(ExportJobResponse.of(job))
                .header(HttpHeaders.LOCATION, "/api/v1/exports/" + job.id());
    }

    /**
     * An async export's status: queued, running, succeeded (with rows, bytes and expiry), failed (with the
     * error) or expired. Another tenant's export does not exist.
     *
     * @param id the export's id
     * @return the job
     */
    @Get("/exports/{id}")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    ExportJobResponse exportJob(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        return ExportJobResponse.of(jobs.getExportJob(new ExportJobQuery(actor, uuid(id))));
    }

    /**
     * The file of a succeeded async export, for callers who could have run that export themselves: 409 while
     * it is not ready or when it failed, 410 once expired.
     *
     * @param id the export's id
     * @return the file, as an attachment
     */
    @Get("/exports/{id}/file")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    @ProblemResponses.Gone
    HttpResponse<?> exportFile(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        ExportDownload file = download.downloadExport(new ExportJobQuery(actor, uuid(id)));
        return ExportResponses.attachment(HttpResponse.ok(file.content()), file.format(), file.fileName())
                .header(HttpHeaders.CONTENT_LENGTH, Long.toString(file.bytes()));
    }

    private HttpResponse<?> export(Actor actor, ExportRequest request) {
        return ExportResponses.of(prepare.prepareExport(new ExportCommand(actor, request)));
    }

    /** The {@code params.<name>=value} query parameters: values for the template's parameters. */
    private static Map<String, Object> params(HttpRequest<?> request) {
        return Map.copyOf(PeriodParameters.prefixed(request, "params."));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("id", "'" + id + "' is not an export id (a UUID)");
        }
    }
}
