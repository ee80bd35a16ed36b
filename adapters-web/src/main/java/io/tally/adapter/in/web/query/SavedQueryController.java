package io.tally.adapter.in.web.query;

import io.micronaut.core.annotation.Nullable;
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
import io.tally.adapter.in.web.analytics.QueryAnswers;
import io.tally.adapter.in.web.query.SavedQueryResponses.RunRequest;
import io.tally.adapter.in.web.query.SavedQueryResponses.SavedQueryPage;
import io.tally.adapter.in.web.query.SavedQueryResponses.SavedQueryResponse;
import io.tally.adapter.in.web.query.SavedQueryResponses.VersionPage;
import io.tally.adapter.in.web.query.SavedQueryResponses.VersionResponse;
import io.tally.application.port.in.Page;
import io.tally.application.port.in.query.ChangeSavedQueryCommand;
import io.tally.application.port.in.query.ChangeSavedQueryUseCase;
import io.tally.application.port.in.query.DeleteSavedQueryUseCase;
import io.tally.application.port.in.query.GetSavedQueryUseCase;
import io.tally.application.port.in.query.ListSavedQueriesQuery;
import io.tally.application.port.in.query.ListSavedQueriesUseCase;
import io.tally.application.port.in.query.ListSavedQueryVersionsQuery;
import io.tally.application.port.in.query.ListSavedQueryVersionsUseCase;
import io.tally.application.port.in.query.RunSavedQueryCommand;
import io.tally.application.port.in.query.RunSavedQueryUseCase;
import io.tally.application.port.in.query.SaveQueryCommand;
import io.tally.application.port.in.query.SaveQueryUseCase;
import io.tally.application.port.in.query.SavedQueryAnswer;
import io.tally.application.port.in.query.SavedQueryIdCommand;
import io.tally.application.port.in.query.SavedQueryIdQuery;
import io.tally.application.port.in.query.SavedQueryView;
import io.tally.application.port.out.SavedQueryStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.query.SavedQueryVersion;
import io.tally.domain.query.Visibility;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@Tag(name = "Saved queries")
@Controller("/api/v1/queries")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRoles.VIEWER)
@ProblemResponses.Secured
class SavedQueryController {

    private final SaveQueryUseCase save;
    private final ChangeSavedQueryUseCase change;
    private final DeleteSavedQueryUseCase delete;
    private final GetSavedQueryUseCase get;
    private final ListSavedQueriesUseCase list;
    private final ListSavedQueryVersionsUseCase versions;
    private final RunSavedQueryUseCase run;

    SavedQueryController(SaveQueryUseCase save, ChangeSavedQueryUseCase change, DeleteSavedQueryUseCase delete, GetSavedQueryUseCase get,
                         ListSavedQueriesUseCase list, ListSavedQueryVersionsUseCase versions, RunSavedQueryUseCase run) {
        this.save = save;
        this.change = change;
        this.delete = delete;
        this.get = get;
        this.list = list;
        this.versions = versions;
        this.run = run;
    }

    /**
     * Saves a query: an analytics query (as {@code POST /api/v1/analytics/query} takes it) whose strings may hold
     * {@code {{param}}} placeholders, with its parameters. Private by default; sharing with the tenant
     * ({@code visibility: tenant}) needs the analyst role. The query is checked now, with each parameter's default
     * (else a sample value).
     *
     * @param request the saved query
     * @return 201 with the saved query and a Location header
     */
    @Post
    @ApiResponse(responseCode = "201", description = "the saved query; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SavedQueryResponse.class)))
    @ProblemResponses.BadRequest
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    HttpResponse<SavedQueryResponse> saveQuery(@Parameter(hidden = true) Actor actor, @Body SavedQueryRequest request) {
        SavedQueryResponse body = SavedQueryResponse.of(save.saveQuery(new SaveQueryCommand(actor, request.toDefinition())));
        return HttpResponse.<SavedQueryResponse>status(HttpStatus.CREATED).body(body).header("Location", "/api/v1/queries/" + body.id());
    }

    /**
     * The caller's own saved queries and the tenant's shared ones, oldest first.
     *
     * @param visibility only private or only tenant ones
     * @param limit how many, 1 to 200 (default 50)
     * @param cursor {@code next_cursor} of the page before
     * @return a page of saved queries
     */
    @Get
    @ProblemResponses.BadRequest
    SavedQueryPage listQueries(@Parameter(hidden = true) Actor actor, @QueryValue @Nullable String visibility,
                               @QueryValue @Nullable Integer limit, @QueryValue @Nullable String cursor) {
        Page<SavedQueryView> page = list.listSavedQueries(new ListSavedQueriesQuery(actor,
                Optional.ofNullable(visibility).map(value -> Visibility.fromWireName(value, "visibility")), decodeCursor(cursor),
                limit == null ? ListSavedQueriesQuery.DEFAULT_LIMIT : limit));
        String next = page.continueAfter().map(last -> Cursors.encodeCreated(last.query().createdAt(), last.query().id())).orElse(null);
        return new SavedQueryPage(page.items().stream().map(SavedQueryResponse::of).toList(), next);
    }

    /**
     * One saved query with its run statistics; another user's private query is 404.
     *
     * @param id the saved query's id
     * @return the saved query
     */
    @Get("/{id}")
    @ProblemResponses.NotFound
    SavedQueryResponse getQuery(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        return SavedQueryResponse.of(get.getSavedQuery(new SavedQueryIdQuery(actor, uuid(id))));
    }

    /**
     * Replaces a saved query's definition; the previous version is kept. Its owner may, and a manager when it is
     * shared (403 otherwise).
     *
     * @param id the saved query's id
     * @param request the new definition
     * @return the saved query
     */
    @Put("/{id}")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    SavedQueryResponse changeQuery(@Parameter(hidden = true) Actor actor, @PathVariable String id, @Body SavedQueryRequest request) {
        return SavedQueryResponse.of(change.changeSavedQuery(new ChangeSavedQueryCommand(actor, uuid(id), request.toDefinition())));
    }

    /**
     * Deletes a saved query with its versions: its owner may, and a manager when it is shared.
     *
     * @param id the saved query's id
     * @return no content
     */
    @Delete("/{id}")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ProblemResponses.NotFound
    HttpResponse<Void> deleteQuery(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        delete.deleteSavedQuery(new SavedQueryIdCommand(actor, uuid(id)));
        return HttpResponse.noContent();
    }

    /**
     * A saved query's versions, newest first (the first is the current one).
     *
     * @param id the saved query's id
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
        Page<SavedQueryVersion> page = versions.listSavedQueryVersions(new ListSavedQueryVersionsQuery(actor, uuid(id), before,
                limit == null ? ListSavedQueryVersionsQuery.DEFAULT_LIMIT : limit));
        String next = page.continueAfter().map(last -> Cursors.encodeVersion(last.version())).orElse(null);
        return new VersionPage(page.items().stream().map(VersionResponse::of).toList(), next);
    }

    /**
     * Runs a saved query with parameter values ({@code {"params": {"customer": "acme"}}}): the answer has the shape of
     * {@code POST /api/v1/analytics/query}. A parameter it does not have, a required one missing, or a value of the
     * wrong type or not allowed is 400 naming it. A customer-scoped token may run a shared query only for its own
     * customers. Every run is counted ({@code run_count}, {@code last_run_at}, {@code duration_ms}).
     *
     * @param id the saved query's id
     * @param request the parameters' values
     * @return the answer
     */
    @Post("/{id}/run")
    @ApiResponse(responseCode = "200", description = "a meter question's answer, or one series per metric",
            content = @Content(mediaType = "application/json", schema = @Schema(oneOf = {QueryAnswers.QueryResponse.class,
                    QueryAnswers.MetricsQueryResponse.class})))
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    Object runQuery(@Parameter(hidden = true) Actor actor, @PathVariable String id, @Body @Nullable RunRequest request) {
        Map<String, Object> params = request == null || request.params() == null ? Map.of() : request.params();
        SavedQueryAnswer answer = run.runSavedQuery(new RunSavedQueryCommand(actor, uuid(id), params));
        return QueryAnswers.of(answer.result(), answer.ran());
    }

    private static Optional<SavedQueryStorePort.Cursor> decodeCursor(String cursor) {
        return Cursors.decodeCreated(cursor).map(created -> new SavedQueryStorePort.Cursor(created.at(), created.id()));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("query", id);
        }
    }
}
