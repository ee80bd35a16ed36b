package io.tally.adapter.in.web.dashboard;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
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
import io.tally.adapter.in.web.Cursors;
import io.tally.adapter.in.web.PeriodParameters;
import io.tally.adapter.in.web.dashboard.DashboardResponses.DashboardDataResponse;
import io.tally.adapter.in.web.dashboard.DashboardResponses.DashboardPage;
import io.tally.adapter.in.web.dashboard.DashboardResponses.DashboardResponse;
import io.tally.adapter.in.web.dashboard.DashboardResponses.VersionPage;
import io.tally.adapter.in.web.dashboard.DashboardResponses.VersionResponse;
import io.tally.adapter.in.web.report.ExportResponses;
import io.tally.application.port.in.Page;
import io.tally.application.port.in.dashboard.ChangeDashboardCommand;
import io.tally.application.port.in.dashboard.ChangeDashboardUseCase;
import io.tally.application.port.in.dashboard.CopyDashboardUseCase;
import io.tally.application.port.in.dashboard.CreateDashboardUseCase;
import io.tally.application.port.in.dashboard.DashboardCommand;
import io.tally.application.port.in.dashboard.DashboardDataQuery;
import io.tally.application.port.in.dashboard.DashboardIdCommand;
import io.tally.application.port.in.dashboard.DashboardIdQuery;
import io.tally.application.port.in.dashboard.DeleteDashboardUseCase;
import io.tally.application.port.in.dashboard.ExportDashboardCommand;
import io.tally.application.port.in.dashboard.ExportDashboardUseCase;
import io.tally.application.port.in.dashboard.GetDashboardDataUseCase;
import io.tally.application.port.in.dashboard.GetDashboardUseCase;
import io.tally.application.port.in.dashboard.ListDashboardVersionsQuery;
import io.tally.application.port.in.dashboard.ListDashboardVersionsUseCase;
import io.tally.application.port.in.dashboard.ListDashboardsQuery;
import io.tally.application.port.in.dashboard.ListDashboardsUseCase;
import io.tally.application.port.in.dashboard.RestoreDashboardUseCase;
import io.tally.application.port.out.DashboardStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.dashboard.DashboardVersion;
import io.tally.domain.query.Visibility;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.report.PaperSize;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@Tag(name = "Dashboards")
@Controller("/api/v1/dashboards")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRoles.VIEWER)
@ProblemResponses.Secured
class DashboardController {

    private static final String FILTER_PREFIX = "filters.";

    private final CreateDashboardUseCase create;
    private final ChangeDashboardUseCase change;
    private final DeleteDashboardUseCase delete;
    private final CopyDashboardUseCase copy;
    private final RestoreDashboardUseCase restore;
    private final GetDashboardUseCase get;
    private final ListDashboardsUseCase list;
    private final ListDashboardVersionsUseCase versions;
    private final GetDashboardDataUseCase data;
    private final ExportDashboardUseCase export;

    DashboardController(CreateDashboardUseCase create, ChangeDashboardUseCase change, DeleteDashboardUseCase delete, CopyDashboardUseCase copy,
                        RestoreDashboardUseCase restore, GetDashboardUseCase get, ListDashboardsUseCase list,
                        ListDashboardVersionsUseCase versions, GetDashboardDataUseCase data, ExportDashboardUseCase export) {
        this.create = create;
        this.change = change;
        this.delete = delete;
        this.copy = copy;
        this.restore = restore;
        this.get = get;
        this.list = list;
        this.versions = versions;
        this.data = data;
        this.export = export;
    }

    /**
     * Makes a dashboard (analyst and above): filters its widgets share ({@code {{filters.name}}}), and up to 30 widgets
     * on a 12-column grid, each with its own query or a saved query. Private by default; {@code visibility: tenant}
     * shares it. Every widget's query is checked now, with the filters' defaults.
     *
     * @param request the dashboard
     * @return 201 with the dashboard and a Location header
     */
    @Post
    @ApiResponse(responseCode = "201", description = "the dashboard; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DashboardResponse.class)))
    @ProblemResponses.BadRequest
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    HttpResponse<DashboardResponse> createDashboard(@Parameter(hidden = true) Actor actor, @Body DashboardRequest request) {
        DashboardResponse body = DashboardResponse.of(create.createDashboard(new DashboardCommand(actor, request.toDefinition())));
        return HttpResponse.<DashboardResponse>status(HttpStatus.CREATED).body(body).header("Location", "/api/v1/dashboards/" + body.id());
    }

    /**
     * The caller's own dashboards and the tenant's shared ones, oldest first. The tenant's three default dashboards
     * (Overview, Performance, Growth) are made the first time its dashboards are listed.
     *
     * @param visibility only private or only tenant ones
     * @param limit how many, 1 to 200 (default 50)
     * @param cursor {@code next_cursor} of the page before
     * @return a page of dashboards
     */
    @Get
    @ProblemResponses.BadRequest
    DashboardPage listDashboards(@Parameter(hidden = true) Actor actor, @QueryValue @Nullable String visibility,
                                 @QueryValue @Nullable Integer limit, @QueryValue @Nullable String cursor) {
        Page<Dashboard> page = list.listDashboards(new ListDashboardsQuery(actor,
                Optional.ofNullable(visibility).map(value -> Visibility.fromWireName(value, "visibility")), decodeCursor(cursor),
                limit == null ? ListDashboardsQuery.DEFAULT_LIMIT : limit));
        String next = page.continueAfter().map(last -> Cursors.encodeCreated(last.createdAt(), last.id())).orElse(null);
        return new DashboardPage(page.items().stream().map(DashboardResponse::of).toList(), next);
    }

    /**
     * One dashboard; another user's private one is 404.
     *
     * @param id the dashboard's id
     * @return the dashboard
     */
    @Get("/{id}")
    @ProblemResponses.NotFound
    DashboardResponse getDashboard(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        return DashboardResponse.of(get.getDashboard(new DashboardIdQuery(actor, uuid(id))));
    }

    /**
     * Replaces a dashboard's definition; the previous version is kept. Its owner may, and a manager when it is shared.
     *
     * @param id the dashboard's id
     * @param request the new definition
     * @return the dashboard
     */
    @Put("/{id}")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    DashboardResponse changeDashboard(@Parameter(hidden = true) Actor actor, @PathVariable String id, @Body DashboardRequest request) {
        return DashboardResponse.of(change.changeDashboard(new ChangeDashboardCommand(actor, uuid(id), request.toDefinition())));
    }

    /**
     * Deletes a dashboard with its versions: its owner may, and a manager when it is shared. A default dashboard is
     * changed or restored, not deleted (409).
     *
     * @param id the dashboard's id
     * @return no content
     */
    @Delete("/{id}")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    HttpResponse<Void> deleteDashboard(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        delete.deleteDashboard(new DashboardIdCommand(actor, uuid(id)));
        return HttpResponse.noContent();
    }

    /**
     * Copies a dashboard the caller sees into a new private one of the caller's (analyst and above).
     *
     * @param id the dashboard's id
     * @return 201 with the copy
     */
    @Post("/{id}/copy")
    @ApiResponse(responseCode = "201", description = "the copy; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DashboardResponse.class)))
    @ProblemResponses.NotFound
    HttpResponse<DashboardResponse> copyDashboard(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        DashboardResponse body = DashboardResponse.of(copy.copyDashboard(new DashboardIdCommand(actor, uuid(id))));
        return HttpResponse.<DashboardResponse>status(HttpStatus.CREATED).body(body).header("Location", "/api/v1/dashboards/" + body.id());
    }

    /**
     * Gives one of the tenant's default dashboards its default definition again, as a new version (manager and above).
     *
     * @param id the dashboard's id
     * @return the dashboard
     */
    @Post("/{id}/restore")
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    DashboardResponse restoreDashboard(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        return DashboardResponse.of(restore.restoreDashboard(new DashboardIdCommand(actor, uuid(id))));
    }

    /**
     * A dashboard's versions, newest first (the first is the current one).
     *
     * @param id the dashboard's id
     * @param limit how many, 1 to 100 (default 20)
     * @param cursor {@code next_cursor} of the page before
     * @return a page of versions
     */
    @Get("/{id}/versions")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    VersionPage listVersions(@Parameter(hidden = true) Actor actor, @PathVariable String id, @QueryValue @Nullable Integer limit,
                             @QueryValue @Nullable String cursor) {
        Optional<Integer> before = Cursors.decodeVersion(cursor);
        Page<DashboardVersion> page = versions.listDashboardVersions(new ListDashboardVersionsQuery(actor, uuid(id), before,
                limit == null ? ListDashboardVersionsQuery.DEFAULT_LIMIT : limit));
        String next = page.continueAfter().map(last -> Cursors.encodeVersion(last.version())).orElse(null);
        return new VersionPage(page.items().stream().map(VersionResponse::of).toList(), next);
    }

    /**
     * Every widget of the dashboard answered in one call, with filter values as {@code filters.name=value} query
     * parameters ({@code ?filters.customer=acme&filters.period=last_7_days}; the others take their defaults). Each widget
     * answers in the shape of its type with {@code as_of} and {@code cached}, or with its own {@code problem}; the call is
     * 200 either way. A customer-scoped token sees a dashboard only with its customer filter bound to one of its own
     * customers.
     *
     * @param id the dashboard's id
     * @return the widgets' answers
     */
    @Get("/{id}/data")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    DashboardDataResponse dashboardData(@Parameter(hidden = true) Actor actor, HttpRequest<?> request, @PathVariable String id) {
        return DashboardDataResponse.of(request, data.getDashboardData(new DashboardDataQuery(actor, uuid(id), filters(request))));
    }

    /**
     * The dashboard as a file, through the report model: cards and gauges as key figures (with their targets in a
     * table), line and bar charts as charts with a table of their figures, pies as a breakdown with shares, tables as
     * tables; a widget that could not answer is a note. The same answers as {@code /data}, with the same
     * {@code filters.name=value} parameters. For analysts and above, and customer-scoped tokens with the customer filter
     * bound to one of their customers; counted as an export (usage) and audited.
     *
     * @param id the dashboard's id
     * @param format csv, pdf, json, xlsx or html
     * @param bom true to start a CSV with a UTF-8 byte order mark, for Excel
     * @param paper a4 or letter, for PDF (default: by the tenant's locale)
     * @return the file, as an attachment
     */
    @Get("/{id}/export")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    HttpResponse<?> exportDashboard(@Parameter(hidden = true) Actor actor, HttpRequest<?> request, @PathVariable String id,
                                    @QueryValue @Nullable String format, @QueryValue @Nullable Boolean bom, @QueryValue @Nullable String paper) {
        if (format == null || format.isBlank()) {
            throw new InvalidValueException("format", "is required: csv, pdf, json, xlsx or html");
        }
        ExportFormat asked = ExportFormat.fromWireName(format, "format");
        Optional<PaperSize> size = Optional.ofNullable(paper).map(p -> PaperSize.fromWireName(p, "paper"));
        return ExportResponses.of(export.exportDashboard(new ExportDashboardCommand(actor, uuid(id), filters(request), asked, bom != null && bom,
                size)));
    }

    /** The {@code filters.name=value} query parameters, by filter name; each given once. */
    private static Map<String, String> filters(HttpRequest<?> request) {
        return PeriodParameters.prefixed(request, FILTER_PREFIX);
    }

    private static Optional<DashboardStorePort.Cursor> decodeCursor(String cursor) {
        return Cursors.decodeCreated(cursor).map(created -> new DashboardStorePort.Cursor(created.at(), created.id()));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("dashboard", id);
        }
    }
}
