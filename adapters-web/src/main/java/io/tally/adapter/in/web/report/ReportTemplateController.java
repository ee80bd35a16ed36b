package io.tally.adapter.in.web.report;

import com.fasterxml.jackson.annotation.JsonInclude;
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
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.adapter.in.web.Cursors;
import io.tally.application.port.in.Page;
import io.tally.application.port.in.template.ChangeReportTemplateUseCase;
import io.tally.application.port.in.template.DefineReportTemplateUseCase;
import io.tally.application.port.in.template.DeleteReportTemplateCommand;
import io.tally.application.port.in.template.DeleteReportTemplateUseCase;
import io.tally.application.port.in.template.GetReportTemplateUseCase;
import io.tally.application.port.in.template.ListReportTemplatesQuery;
import io.tally.application.port.in.template.ListReportTemplatesUseCase;
import io.tally.application.port.in.template.ReportTemplateCommand;
import io.tally.application.port.in.template.ReportTemplateQuery;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.template.ReportTemplate;
import io.tally.domain.template.TemplateJson;
import io.tally.domain.template.TemplateKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Report templates: the built-in reports and the tenant's own, as data (key figures, tables and charts of metrics and
 * saved queries, text, the raw events). Anyone may read them; managers and above define, change and delete the
 * tenant's own. {@code GET /api/v1/reports/{template}} renders any of them.
 */
@Tag(name = "Report templates")
@Controller("/api/v1/report-templates")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemResponses.Secured
class ReportTemplateController {

    /** What a template's JSON carries besides its definition, read back from GET and left out when it is sent again. */
    private static final Set<String> ABOUT = Set.of("built_in", "version", "updated_by", "created_at", "updated_at");

    private final ListReportTemplatesUseCase list;
    private final GetReportTemplateUseCase get;
    private final DefineReportTemplateUseCase define;
    private final ChangeReportTemplateUseCase change;
    private final DeleteReportTemplateUseCase delete;

    ReportTemplateController(ListReportTemplatesUseCase list, GetReportTemplateUseCase get, DefineReportTemplateUseCase define,
                             ChangeReportTemplateUseCase change, DeleteReportTemplateUseCase delete) {
        this.list = list;
        this.get = get;
        this.define = define;
        this.change = change;
        this.delete = delete;
    }

    /** A template in a list: what it is and what it takes, without its sections. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TemplateSummary(String key, String title, @Nullable String description, String scope, List<Object> params, boolean builtIn,
                           int version, @Nullable String updatedBy, @Nullable Instant updatedAt) {

        @SuppressWarnings("unchecked")
        static TemplateSummary of(ReportTemplate template) {
            Map<String, Object> json = TemplateJson.write(Optional.empty(), template.definition());
            return new TemplateSummary(template.key().value(), template.definition().title(), template.definition().description().orElse(null),
                    template.definition().scope().wireName(), (List<Object>) json.get("params"), template.isBuiltIn(), template.version(),
                    template.updatedBy().orElse(null), template.updatedAt().orElse(null));
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TemplatePage(List<TemplateSummary> items, @Nullable String nextCursor) {
    }

    /**
     * The report templates: the built-in ones and the tenant's own, by key.
     *
     * @param limit how many, 1 to 200 (default 50)
     * @param cursor {@code next_cursor} of the page before
     * @return a page of templates, without their sections
     */
    @Get
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.BadRequest
    TemplatePage listTemplates(@Parameter(hidden = true) Actor actor, @QueryValue @Nullable Integer limit, @QueryValue @Nullable String cursor) {
        Optional<TemplateKey> after = Cursors.decode(cursor).map(key -> {
            if (!TemplateKey.isValid(key)) {
                throw new InvalidValueException("cursor", "is not a cursor this list returned; pass next_cursor back unchanged");
            }
            return TemplateKey.of(key);
        });
        Page<ReportTemplate> page = list.listReportTemplates(new ListReportTemplatesQuery(actor, after,
                limit == null ? ListReportTemplatesQuery.DEFAULT_LIMIT : limit));
        return new TemplatePage(page.items().stream().map(TemplateSummary::of).toList(),
                page.continueAfter().map(last -> Cursors.encode(last.key().value())).orElse(null));
    }

    /**
     * One template: its definition (as {@code POST} takes it) and whether it is built in, its version, who last changed it
     * and when. Sending it back with {@code PUT} (changed) ignores those.
     *
     * @param key the template's key
     * @return the template
     */
    @Get("/{key}")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.NotFound
    Map<String, Object> getTemplate(@Parameter(hidden = true) Actor actor, @PathVariable String key) {
        return json(get.getReportTemplate(new ReportTemplateQuery(actor, templateKey(key))));
    }

    /**
     * Defines a template of the tenant's own (manager and above): {@code key} (not a built-in one's: 409), {@code title},
     * {@code description}, {@code scope} ({@code customer} or {@code tenant}), {@code params}, {@code notes},
     * {@code key_figures} and {@code sections} of {@code table}, {@code chart}, {@code text} and {@code events} blocks. Every
     * metric and saved query it names must exist (400 naming the section and the field).
     *
     * @param body the template
     * @return 201 with the template and its Location
     */
    @Post
    @Secured(SecurityRoles.MANAGER)
    @ApiResponse(responseCode = "201", description = "the template; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object")))
    @ProblemResponses.BadRequest
    @ProblemResponses.Conflict
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    HttpResponse<Map<String, Object>> defineTemplate(@Parameter(hidden = true) Actor actor, @Body Map<String, Object> body) {
        Object key = body.get("key");
        if (!(key instanceof String text)) {
            throw new InvalidValueException("key", key == null ? "is required" : "must be a string");
        }
        TemplateKey templateKey = TemplateKey.of(text);
        ReportTemplate template = define.defineReportTemplate(new ReportTemplateCommand(actor, templateKey, definition(body)));
        return HttpResponse.<Map<String, Object>>status(HttpStatus.CREATED).body(json(template))
                .header("Location", "/api/v1/report-templates/" + template.key().value());
    }

    /**
     * Replaces the definition of one of the tenant's own templates (manager and above): a new version. Built-in
     * templates cannot be changed (409).
     *
     * @param key the template's key
     * @param body the new definition
     * @return the template
     */
    @Put("/{key}")
    @Secured(SecurityRoles.MANAGER)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    Map<String, Object> changeTemplate(@Parameter(hidden = true) Actor actor, @PathVariable String key, @Body Map<String, Object> body) {
        if (body.get("key") != null && !key.equals(body.get("key"))) {
            throw new InvalidValueException("key", "must match the key in the path, or be left out");
        }
        return json(change.changeReportTemplate(new ReportTemplateCommand(actor, templateKey(key), definition(body))));
    }

    /**
     * Deletes one of the tenant's own templates (manager and above); built-in templates stay (409).
     *
     * @param key the template's key
     * @return no content
     */
    @Delete("/{key}")
    @Secured(SecurityRoles.MANAGER)
    @ApiResponse(responseCode = "204", description = "deleted")
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    HttpResponse<Void> deleteTemplate(@Parameter(hidden = true) Actor actor, @PathVariable String key) {
        delete.deleteReportTemplate(new DeleteReportTemplateCommand(actor, templateKey(key)));
        return HttpResponse.noContent();
    }

    /** The definition in a body: everything but the key and what GET adds about the template. */
    private static Map<String, Object> definition(Map<String, Object> body) {
        Map<String, Object> definition = new LinkedHashMap<>(body);
        definition.remove("key");
        ABOUT.forEach(definition::remove);
        return definition;
    }

    private static Map<String, Object> json(ReportTemplate template) {
        Map<String, Object> json = TemplateJson.write(Optional.of(template.key()), template.definition());
        json.put("built_in", template.isBuiltIn());
        json.put("version", template.version());
        template.updatedBy().ifPresent(subject -> json.put("updated_by", subject));
        template.createdAt().ifPresent(at -> json.put("created_at", at.toString()));
        template.updatedAt().ifPresent(at -> json.put("updated_at", at.toString()));
        return json;
    }

    private static TemplateKey templateKey(String key) {
        if (!TemplateKey.isValid(key)) {
            throw new NotFoundException("report template", key);
        }
        return TemplateKey.of(key);
    }
}
