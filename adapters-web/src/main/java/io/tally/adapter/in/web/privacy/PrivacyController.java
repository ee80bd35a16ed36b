package io.tally.adapter.in.web.privacy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
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
import io.tally.adapter.in.web.Cursors;
import io.tally.application.port.in.Page;
import io.tally.application.port.in.privacy.GetPrivacyRequestsUseCase;
import io.tally.application.port.in.privacy.ListPrivacyRequestsQuery;
import io.tally.application.port.in.privacy.PrivacyFile;
import io.tally.application.port.in.privacy.PrivacyRequestQuery;
import io.tally.application.port.in.privacy.PrivacyRequestView;
import io.tally.application.port.in.privacy.SubmitPrivacyRequestCommand;
import io.tally.application.port.in.privacy.SubmitPrivacyRequestUseCase;
import io.tally.application.port.out.privacy.PrivacyRequestStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.privacy.PrivacyRequest;
import io.tally.domain.privacy.ProfileCorrection;
import io.tally.domain.privacy.RequestType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Data subjects' requests (GDPR Arts. 15–21), for admins: recorded, carried out as jobs, listed, and an access zip downloaded. */
@Tag(name = "Privacy")
@Controller("/api/v1/privacy")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemResponses.Secured
class PrivacyController {

    private static final Set<String> FIELDS = Set.of("customer", "type", "note", "changes");

    private final SubmitPrivacyRequestUseCase submit;
    private final GetPrivacyRequestsUseCase requests;

    PrivacyController(SubmitPrivacyRequestUseCase submit, GetPrivacyRequestsUseCase requests) {
        this.submit = submit;
        this.requests = requests;
    }

    /**
     * Records a data subject's request (admin and above) and answers 202: a job carries it out. {@code type} is
     * {@code access} (a zip of everything kept about the customer, downloadable for 7 days), {@code erasure},
     * {@code rectification} (with {@code changes}: {@code display_name}, {@code country}, {@code timezone}),
     * {@code restriction} or {@code objection} (the customer's events are kept but count in no figure, and exports about
     * them are refused) or {@code lift_restriction}. It is due 30 days after receipt.
     *
     * @param body {@code {"customer": "…", "type": "…", "note": "…", "changes": {…}}}
     * @return 202 with the request
     */
    @Post("/requests")
    @Secured(SecurityRoles.ADMIN)
    @ApiResponse(responseCode = "202", description = "the request, received",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object")))
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    HttpResponse<Map<String, Object>> submit(@Parameter(hidden = true) Actor actor, @Body Map<String, Object> body) {
        for (String field : body.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidValueException(field, "is not a field of a privacy request; they are customer, type, note, changes");
            }
        }
        String customer = text(body, "customer", true);
        String problem = CustomerId.problemWith(customer);
        if (problem != null) {
            throw new InvalidValueException("customer", problem);
        }
        RequestType type = RequestType.fromWireName(text(body, "type", true), "type");
        Optional<String> note = Optional.ofNullable(text(body, "note", false));
        Optional<ProfileCorrection> changes = Optional.ofNullable(body.get("changes")).map(ProfileCorrection::read);
        PrivacyRequestView view = submit.submitPrivacyRequest(new SubmitPrivacyRequestCommand(actor, CustomerId.of(customer), type, note, changes));
        return HttpResponse.<Map<String, Object>>status(HttpStatus.ACCEPTED).body(json(view));
    }

    /**
     * Privacy requests (admin and above), newest first.
     *
     * @param status {@code received}, {@code in_progress}, {@code completed} or {@code rejected}
     * @param type a request type
     * @param customer a customer's external id
     * @param overdue {@code true}: only the requests still open past their due time
     * @param limit how many, 1 to 200 (default 50)
     * @param cursor {@code next_cursor} of the page before
     * @return a page of requests
     */
    @Get("/requests")
    @Secured(SecurityRoles.ADMIN)
    @ProblemResponses.BadRequest
    Map<String, Object> list(@Parameter(hidden = true) Actor actor, @QueryValue @Nullable String status, @QueryValue @Nullable String type,
                             @QueryValue @Nullable String customer, @QueryValue @Nullable String overdue, @QueryValue @Nullable Integer limit,
                             @QueryValue @Nullable String cursor) {
        if (overdue != null && !overdue.equals("true") && !overdue.equals("false")) {
            throw new InvalidValueException("overdue", "must be true or false");
        }
        Optional<PrivacyRequestStorePort.Cursor> before = Cursors.decodeCreated(cursor)
                .map(created -> new PrivacyRequestStorePort.Cursor(created.at(), created.id()));
        Page<PrivacyRequestView> page = requests.listPrivacyRequests(new ListPrivacyRequestsQuery(actor,
                Optional.ofNullable(status).map(text -> PrivacyRequest.Status.fromWireName(text, "status")),
                Optional.ofNullable(type).map(text -> RequestType.fromWireName(text, "type")), Optional.ofNullable(customer).filter(text -> !text.isBlank()),
                "true".equals(overdue), before, limit == null ? ListPrivacyRequestsQuery.DEFAULT_LIMIT : limit));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("items", page.items().stream().map(PrivacyController::json).toList());
        json.put("next_cursor", page.hasMore()
                ? Cursors.encodeCreated(page.items().getLast().request().receivedAt(), page.items().getLast().request().id()) : null);
        return json;
    }

    /**
     * One privacy request (admin and above), with its receipt once it ended: what was done, per table, and when.
     *
     * @param id the request's id
     * @return the request
     */
    @Get("/requests/{id}")
    @Secured(SecurityRoles.ADMIN)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    Map<String, Object> get(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        return json(requests.getPrivacyRequest(new PrivacyRequestQuery(actor, uuid(id))));
    }

    /**
     * The zip of a completed access request (admin and above): profile, events (CSV and JSON lines), billing facts, limits,
     * usage resets, exports, consents, audit entries, requests and a README. 409 while the request is not completed, 410
     * once the file expired (7 days) or was deleted.
     *
     * @param id the request's id
     * @return the zip, as an attachment
     */
    @Get("/requests/{id}/file")
    @Secured(SecurityRoles.ADMIN)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    @ProblemResponses.Gone
    HttpResponse<?> file(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        PrivacyFile file = requests.privacyRequestFile(new PrivacyRequestQuery(actor, uuid(id)));
        return HttpResponse.ok(file.content()).contentType(MediaType.of("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file.fileName() + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header(HttpHeaders.CONTENT_LENGTH, Long.toString(file.bytes()));
    }

    static Map<String, Object> json(PrivacyRequestView view) {
        PrivacyRequest request = view.request();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", request.id().toString());
        json.put("customer", request.customer().value());
        json.put("type", request.type().wireName());
        json.put("status", request.status().wireName());
        json.put("note", request.note().orElse(null));
        json.put("changes", request.changes().map(changes -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            changes.fields().forEach((field, value) -> fields.put(field, value.orElse(null)));
            return fields;
        }).orElse(null));
        json.put("received_at", request.receivedAt().toString());
        json.put("received_by", request.receivedBy());
        json.put("due_at", request.dueAt().toString());
        json.put("overdue", view.overdue());
        json.put("finished_at", request.finishedAt().map(Instant::toString).orElse(null));
        json.put("reason", request.reason().orElse(null));
        json.put("receipt", view.receipt().isEmpty() ? null : view.receipt());
        json.put("file", view.file().map(file -> {
            Map<String, Object> about = new LinkedHashMap<>();
            about.put("bytes", file.bytes());
            about.put("sha256", file.sha256());
            about.put("expires_at", file.expiresAt().toString());
            about.put("available", file.available());
            about.put("download", file.available() ? "/api/v1/privacy/requests/" + request.id() + "/file" : null);
            return about;
        }).orElse(null));
        return json;
    }

    private static String text(Map<String, Object> body, String field, boolean required) {
        Object value = body.get(field);
        if (value == null) {
            if (required) {
                throw new InvalidValueException(field, "is required");
            }
            return null;
        }
        if (!(value instanceof String text)) {
            throw new InvalidValueException(field, "must be a string");
        }
        return text;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("id", "'" + id + "' is not a privacy request's id (a UUID)");
        }
    }
}
