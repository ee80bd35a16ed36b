package io.tally.adapter.in.web.schedule;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
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
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.adapter.in.web.Cursors;
import io.tally.adapter.in.web.report.ExportResponses;
import io.tally.application.port.in.Page;
import io.tally.application.port.in.report.ExportDownload;
import io.tally.application.port.in.schedule.ChangeScheduleCommand;
import io.tally.application.port.in.schedule.ChangeScheduleUseCase;
import io.tally.application.port.in.schedule.DefineScheduleUseCase;
import io.tally.application.port.in.schedule.DeleteScheduleUseCase;
import io.tally.application.port.in.delivery.DownloadScheduleFileUseCase;
import io.tally.application.port.in.delivery.DownloadSignedFileUseCase;
import io.tally.application.port.in.schedule.GetScheduleUseCase;
import io.tally.application.port.in.schedule.ListScheduleRunsQuery;
import io.tally.application.port.in.schedule.ListScheduleRunsUseCase;
import io.tally.application.port.in.schedule.ListSchedulesQuery;
import io.tally.application.port.in.schedule.ListSchedulesUseCase;
import io.tally.application.port.in.schedule.PauseScheduleUseCase;
import io.tally.application.port.in.schedule.PreviewScheduleRunsQuery;
import io.tally.application.port.in.schedule.PreviewScheduleRunsUseCase;
import io.tally.application.port.in.schedule.ResumeScheduleUseCase;
import io.tally.application.port.in.delivery.RotateWebhookSecretCommand;
import io.tally.application.port.in.delivery.RotateWebhookSecretUseCase;
import io.tally.application.port.in.schedule.RunCursor;
import io.tally.application.port.in.schedule.RunScheduleNowUseCase;
import io.tally.application.port.in.schedule.ScheduleCommand;
import io.tally.application.port.in.delivery.ScheduleFileQuery;
import io.tally.application.port.in.schedule.ScheduleIdCommand;
import io.tally.application.port.in.schedule.ScheduleIdQuery;
import io.tally.application.port.in.schedule.ScheduleView;
import io.tally.application.port.in.delivery.SignedFileQuery;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.schedule.ScheduleDefinition;
import io.tally.domain.schedule.ScheduleRun;
import io.tally.domain.schedule.ScheduleTiming;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Scheduled report delivery: a report template or a dashboard, in formats, on a cron in a timezone, to e-mail, webhooks
 * and the export store. Managers and above define, change, pause, resume, run and delete schedules; analysts and above
 * read them and their runs. A run's files go to those who may see the report, and through the signed links its mails and
 * webhooks carry.
 */
@Tag(name = "Schedules")
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class ScheduleController {

    private static final Set<String> PREVIEW_FIELDS = Set.of("cron", "timezone", "count");

    private final DefineScheduleUseCase define;
    private final ChangeScheduleUseCase change;
    private final DeleteScheduleUseCase delete;
    private final GetScheduleUseCase get;
    private final ListSchedulesUseCase list;
    private final PauseScheduleUseCase pause;
    private final ResumeScheduleUseCase resume;
    private final RunScheduleNowUseCase runNow;
    private final ListScheduleRunsUseCase runs;
    private final DownloadScheduleFileUseCase files;
    private final DownloadSignedFileUseCase signedFiles;
    private final RotateWebhookSecretUseCase secrets;
    private final PreviewScheduleRunsUseCase preview;
    private final Clock clock;

    ScheduleController(DefineScheduleUseCase define, ChangeScheduleUseCase change, DeleteScheduleUseCase delete, GetScheduleUseCase get,
                       ListSchedulesUseCase list, PauseScheduleUseCase pause, ResumeScheduleUseCase resume, RunScheduleNowUseCase runNow,
                       ListScheduleRunsUseCase runs, DownloadScheduleFileUseCase files, DownloadSignedFileUseCase signedFiles,
                       RotateWebhookSecretUseCase secrets, PreviewScheduleRunsUseCase preview, Clock clock) {
        this.define = define;
        this.change = change;
        this.delete = delete;
        this.get = get;
        this.list = list;
        this.pause = pause;
        this.resume = resume;
        this.runNow = runNow;
        this.runs = runs;
        this.files = files;
        this.signedFiles = signedFiles;
        this.secrets = secrets;
        this.preview = preview;
        this.clock = clock;
    }

    /**
     * Defines a schedule (manager and above): {@code name}, {@code report} (a template's key or {@code dashboard:{id}}),
     * {@code params} (customer, period such as {@code last_7_days}, template parameters; a dashboard's filters),
     * {@code formats} (pdf, csv, xlsx, html, json), {@code cron} (five fields), {@code timezone} (IANA), {@code channels}
     * (email, webhook, storage), {@code enabled} (default true) and {@code retention_days} (1 to 90, default 7).
     *
     * @param body the schedule
     * @return 201 with the schedule, its next five fire times and its Location
     */
    @Post("/schedules")
    @Secured(SecurityRoles.MANAGER)
    @ApiResponse(responseCode = "201", description = "the schedule with its next five fire times; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object")))
    @ProblemResponses.Secured
    @ProblemResponses.BadRequest
    @ProblemResponses.Conflict
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    HttpResponse<Map<String, Object>> defineSchedule(@Parameter(hidden = true) Actor actor, @Body Map<String, Object> body) {
        ScheduleView view = define.defineSchedule(new ScheduleCommand(actor, ScheduleDefinition.read(body)));
        return HttpResponse.<Map<String, Object>>status(HttpStatus.CREATED).body(ScheduleJson.schedule(view))
                .header(HttpHeaders.LOCATION, "/api/v1/schedules/" + view.schedule().id());
    }

    /**
     * The next fire times of a cron in a timezone (analyst and above), before a schedule is saved with them: the same
     * computation as a saved schedule's {@code next_runs}, with summer-time changes applied. Nothing is stored.
     *
     * @param body {@code cron} (five fields), {@code timezone} (IANA) and optionally {@code count} (1 to 20, default 5)
     * @return {@code cron}, {@code timezone} and {@code next_runs}, RFC 3339 with the timezone's offset at each time
     */
    @Post("/schedules/preview")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.Secured
    @ProblemResponses.BadRequest
    @ProblemResponses.UnsupportedMediaType
    Map<String, Object> previewSchedule(@Parameter(hidden = true) Actor actor, @Body Map<String, Object> body) {
        for (String field : body.keySet()) {
            if (!PREVIEW_FIELDS.contains(field)) {
                throw new InvalidValueException(field, "is not a field of a preview; they are count, cron, timezone");
            }
        }
        Object count = body.get("count");
        if (count != null && !(count instanceof Integer)) {
            throw new InvalidValueException("count", "must be a whole number, 1 to " + PreviewScheduleRunsQuery.MAX_COUNT);
        }
        ScheduleTiming timing = ScheduleTiming.read(body);
        List<Instant> runs = preview.previewScheduleRuns(new PreviewScheduleRunsQuery(actor, timing,
                count == null ? ScheduleView.NEXT_RUNS : (Integer) count));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cron", timing.cron().text());
        json.put("timezone", timing.timezone().value());
        json.put("next_runs", ScheduleJson.fireTimes(runs, timing.timezone().zone()));
        return json;
    }

    /**
     * The tenant's schedules (analyst and above), in id order.
     *
     * @param limit how many, 1 to 200 (default 50)
     * @param cursor {@code next_cursor} of the page before
     * @return a page of schedules
     */
    @Get("/schedules")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.Secured
    @ProblemResponses.BadRequest
    Map<String, Object> listSchedules(@Parameter(hidden = true) Actor actor, @QueryValue @Nullable Integer limit, @QueryValue @Nullable String cursor) {
        Optional<UUID> after = Cursors.decode(cursor).map(ScheduleController::cursorId);
        Page<ScheduleView> page = list.listSchedules(new ListSchedulesQuery(actor, after, limit == null ? ListSchedulesQuery.DEFAULT_LIMIT : limit));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("items", page.items().stream().map(ScheduleJson::schedule).toList());
        json.put("next_cursor", page.hasMore() ? Cursors.encode(page.items().getLast().schedule().id().toString()) : null);
        return json;
    }

    /**
     * One schedule (analyst and above), with {@code next_runs}: its next five fire times, RFC 3339 with the offset of its
     * timezone (none while paused).
     *
     * @param id the schedule's id
     * @return the schedule
     */
    @Get("/schedules/{id}")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.Secured
    @ProblemResponses.NotFound
    Map<String, Object> getSchedule(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        return ScheduleJson.schedule(get.getSchedule(new ScheduleIdQuery(actor, uuid(id, "schedule"))));
    }

    /**
     * Replaces a schedule's definition (manager and above): a new version, armed at its next fire time. What GET adds
     * ({@code id}, {@code next_runs}, {@code version}, who and when) may be sent back and is ignored.
     *
     * @param id the schedule's id
     * @param body the new definition
     * @return the schedule
     */
    @Put("/schedules/{id}")
    @Secured(SecurityRoles.MANAGER)
    @ProblemResponses.Secured
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    Map<String, Object> changeSchedule(@Parameter(hidden = true) Actor actor, @PathVariable String id, @Body Map<String, Object> body) {
        UUID scheduleId = uuid(id, "schedule");
        if (body.get("id") != null && !id.equals(body.get("id"))) {
            throw new InvalidValueException("id", "must match the id in the path, or be left out");
        }
        Map<String, Object> definition = new LinkedHashMap<>(body);
        ScheduleJson.ABOUT.forEach(definition::remove);
        return ScheduleJson.schedule(change.changeSchedule(new ChangeScheduleCommand(actor, scheduleId, ScheduleDefinition.read(definition))));
    }

    /**
     * Deletes a schedule with its runs and their files (manager and above).
     *
     * @param id the schedule's id
     * @return no content
     */
    @Delete("/schedules/{id}")
    @Secured(SecurityRoles.MANAGER)
    @ApiResponse(responseCode = "204", description = "deleted")
    @ProblemResponses.Secured
    @ProblemResponses.NotFound
    HttpResponse<Void> deleteSchedule(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        delete.deleteSchedule(new ScheduleIdCommand(actor, uuid(id, "schedule")));
        return HttpResponse.noContent();
    }

    /**
     * Pauses a schedule (manager and above): it does not fire until resumed. Fires it misses are not made up.
     *
     * @param id the schedule's id
     * @return the schedule, disabled
     */
    @Post("/schedules/{id}/pause")
    @Secured(SecurityRoles.MANAGER)
    @ProblemResponses.Secured
    @ProblemResponses.NotFound
    Map<String, Object> pauseSchedule(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        return ScheduleJson.schedule(pause.pauseSchedule(new ScheduleIdCommand(actor, uuid(id, "schedule"))));
    }

    /**
     * Resumes a paused schedule (manager and above) from its next fire time after now.
     *
     * @param id the schedule's id
     * @return the schedule, enabled, with its next fire times
     */
    @Post("/schedules/{id}/resume")
    @Secured(SecurityRoles.MANAGER)
    @ProblemResponses.Secured
    @ProblemResponses.NotFound
    Map<String, Object> resumeSchedule(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        return ScheduleJson.schedule(resume.resumeSchedule(new ScheduleIdCommand(actor, uuid(id, "schedule"))));
    }

    /**
     * Runs a schedule now (manager and above), paused or not, besides its fire times: 202 with the queued run; its status
     * is in {@code GET /api/v1/schedules/{id}/runs}.
     *
     * @param id the schedule's id
     * @return 202 with the run
     */
    @Post("/schedules/{id}/run")
    @Secured(SecurityRoles.MANAGER)
    @ApiResponse(responseCode = "202", description = "the queued run; Location names the runs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object")))
    @ProblemResponses.Secured
    @ProblemResponses.NotFound
    HttpResponse<Map<String, Object>> runSchedule(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        ScheduleRun run = runNow.runScheduleNow(new ScheduleIdCommand(actor, uuid(id, "schedule")));
        return HttpResponse.<Map<String, Object>>status(HttpStatus.ACCEPTED).body(ScheduleJson.run(run, clock.instant()))
                .header(HttpHeaders.LOCATION, "/api/v1/schedules/" + run.scheduleId() + "/runs");
    }

    /**
     * A schedule's runs, newest first (analyst and above): status, when its data was complete, its files, and each
     * delivery with every attempt (time, outcome, the SMTP reply or HTTP status, the error, the duration).
     *
     * @param id the schedule's id
     * @param limit how many, 1 to 100 (default 20)
     * @param cursor {@code next_cursor} of the page before
     * @return a page of runs
     */
    @Get("/schedules/{id}/runs")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.Secured
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    Map<String, Object> listRuns(@Parameter(hidden = true) Actor actor, @PathVariable String id, @QueryValue @Nullable Integer limit,
                                 @QueryValue @Nullable String cursor) {
        Optional<RunCursor> before = Cursors.decodeCreated(cursor).map(created -> new RunCursor(created.at(), created.id()));
        Page<ScheduleRun> page = runs.listScheduleRuns(new ListScheduleRunsQuery(actor, uuid(id, "schedule"), before,
                limit == null ? ListScheduleRunsQuery.DEFAULT_LIMIT : limit));
        Map<String, Object> json = new LinkedHashMap<>();
        Instant now = clock.instant();
        List<Map<String, Object>> items = page.items().stream().map(run -> ScheduleJson.run(run, now)).toList();
        json.put("items", items);
        json.put("next_cursor", page.hasMore() ? Cursors.encodeCreated(page.items().getLast().createdAt(), page.items().getLast().id()) : null);
        return json;
    }

    /**
     * A run's stored file, for those who may see the report (an analyst, or a token limited to the report's customer);
     * 410 once its retention ended.
     *
     * @param id the schedule's id
     * @param run the run's id
     * @param format pdf, csv, xlsx, html or json
     * @return the file, as an attachment
     */
    @Get("/schedules/{id}/runs/{run}/files/{format}")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.Secured
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.Gone
    HttpResponse<?> runFile(@Parameter(hidden = true) Actor actor, @PathVariable String id, @PathVariable String run, @PathVariable String format) {
        return download(files.downloadScheduleFile(new ScheduleFileQuery(actor, uuid(id, "schedule"), uuid(run, "run"),
                ExportFormat.fromWireName(format, "format"))));
    }

    /**
     * A run's file through the signed link a mail or webhook carried; no token. A wrong signature is 404, an expired link
     * 410.
     *
     * @param file the file's id
     * @param tenant the tenant, as the link names it
     * @param expires the link's expiry, epoch seconds
     * @param signature the link's signature
     * @return the file, as an attachment
     */
    @Get("/schedule-files/{file}")
    @Secured(SecurityRule.IS_ANONYMOUS)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.Gone
    HttpResponse<?> signedFile(@PathVariable String file, @QueryValue String tenant, @QueryValue Long expires, @QueryValue String signature) {
        return download(signedFiles.downloadSignedFile(new SignedFileQuery(tenant, uuid(file, "file"), expires, signature)));
    }

    /**
     * Creates or rotates the tenant's webhook signing secret (owner). It is answered once, as {@code whsec_} and base64, and
     * never shown again; webhooks are signed with the newest.
     *
     * @return 201 with {@code {"secret": "whsec_…"}}
     */
    @Post("/tenant/webhook-secret")
    @Secured(SecurityRoles.OWNER)
    @ApiResponse(responseCode = "201", description = "{\"secret\": \"whsec_…\"}, shown this once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object")))
    @ProblemResponses.Secured
    HttpResponse<Map<String, String>> rotateWebhookSecret(@Parameter(hidden = true) Actor actor) {
        String secret = secrets.rotateWebhookSecret(new RotateWebhookSecretCommand(actor));
        return HttpResponse.<Map<String, String>>status(HttpStatus.CREATED).body(Map.of("secret", secret)).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private static HttpResponse<?> download(ExportDownload file) {
        return ExportResponses.attachment(HttpResponse.ok(file.content()), file.format(), file.fileName())
                .header(HttpHeaders.CONTENT_LENGTH, Long.toString(file.bytes()));
    }

    private static UUID cursorId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("cursor", "is not a cursor this list returned; pass next_cursor back unchanged");
        }
    }

    private static UUID uuid(String id, String kind) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException(kind, id);
        }
    }
}
