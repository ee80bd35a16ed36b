package io.tally.adapter.in.web.metric;

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
import io.tally.application.port.in.metric.ChangeMetricUseCase;
import io.tally.application.port.in.metric.DefineMetricUseCase;
import io.tally.application.port.in.metric.DeleteMetricCommand;
import io.tally.application.port.in.metric.DeleteMetricUseCase;
import io.tally.application.port.in.metric.GetMetricUseCase;
import io.tally.application.port.in.metric.ListMetricsQuery;
import io.tally.application.port.in.metric.ListMetricsUseCase;
import io.tally.application.port.in.metric.MetricCommand;
import io.tally.application.port.in.metric.MetricKeyQuery;
import io.tally.application.port.in.metric.MetricView;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.metric.MetricKey;
import jakarta.validation.Valid;
import java.util.List;

@Tag(name = "Metrics")
@Controller("/api/v1/metrics")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemResponses.Secured
class MetricController {

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 200;

    private final DefineMetricUseCase defineMetric;
    private final ChangeMetricUseCase changeMetric;
    private final DeleteMetricUseCase deleteMetric;
    private final GetMetricUseCase getMetric;
    private final ListMetricsUseCase listMetrics;

    MetricController(DefineMetricUseCase defineMetric, ChangeMetricUseCase changeMetric, DeleteMetricUseCase deleteMetric,
                     GetMetricUseCase getMetric, ListMetricsUseCase listMetrics) {
        this.defineMetric = defineMetric;
        this.changeMetric = changeMetric;
        this.deleteMetric = deleteMetric;
        this.getMetric = getMetric;
        this.listMetrics = listMetrics;
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record MetricPage(List<MetricResponse> items, @Nullable String nextCursor) {
    }

    /**
     * The figure catalogue: every metric the tenant can use, the built-in ones first (in the order of
     * docs/metrics.md), then its own by key, each with its unit, polarity, decimals, formula and the metrics that
     * use it.
     *
     * @param limit how many, 1 to 200 (default 100)
     * @param cursor {@code next_cursor} of the page before
     * @return a page of metrics
     */
    @Get
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.BadRequest
    MetricPage listMetrics(@Parameter(hidden = true) Actor actor, @QueryValue @Nullable Integer limit, @QueryValue @Nullable String cursor) {
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw new InvalidValueException("limit", "must be between 1 and " + MAX_PAGE);
        }
        List<MetricView> all = listMetrics.listMetrics(new ListMetricsQuery(actor));
        int from = 0;
        String after = Cursors.decode(cursor).orElse(null);
        if (after != null) {
            from = -1;
            for (int i = 0; i < all.size() && from < 0; i++) {
                if (all.get(i).metric().key().value().equals(after)) {
                    from = i + 1;
                }
            }
            if (from < 0) {
                throw new InvalidValueException("cursor", "is not a cursor this list returned; pass next_cursor back unchanged");
            }
        }
        List<MetricView> page = all.subList(from, Math.min(all.size(), from + size));
        String next = from + size < all.size() ? Cursors.encode(page.getLast().metric().key().value()) : null;
        return new MetricPage(page.stream().map(MetricResponse::of).toList(), next);
    }

    /**
     * One metric.
     *
     * @param key the metric's key
     * @return the metric
     */
    @Get("/{key}")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.NotFound
    MetricResponse getMetric(@Parameter(hidden = true) Actor actor, @PathVariable String key) {
        return MetricResponse.of(getMetric.getMetric(new MetricKeyQuery(actor, metricKey(key))));
    }

    /**
     * Defines a metric of the tenant's own (manager and above): a key not taken (409, and built-in keys are taken)
     * and a formula over metrics and meters that exist (400 naming the field), without a cycle (400).
     *
     * @param request the definition
     * @return the metric
     */
    @Post
    @Secured(SecurityRoles.MANAGER)
    @ApiResponse(responseCode = "201", description = "the metric; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MetricResponse.class)))
    @ProblemResponses.BadRequest
    @ProblemResponses.Conflict
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    HttpResponse<MetricResponse> defineMetric(@Parameter(hidden = true) Actor actor, @Body @Valid MetricRequest request) {
        MetricResponse body = MetricResponse.of(new MetricView(defineMetric.defineMetric(new MetricCommand(actor, request.toDraft(null))),
                List.of()));
        return HttpResponse.<MetricResponse>status(HttpStatus.CREATED).body(body).header("Location", "/api/v1/metrics/" + body.key());
    }

    /**
     * Replaces the definition of one of the tenant's own metrics (manager and above); built-in metrics cannot be
     * changed (409).
     *
     * @param key the metric's key
     * @param request the new definition
     * @return the metric
     */
    @Put("/{key}")
    @Secured(SecurityRoles.MANAGER)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    MetricResponse changeMetric(@Parameter(hidden = true) Actor actor, @PathVariable String key, @Body @Valid MetricRequest request) {
        if (request.key() != null && !request.key().equals(key)) {
            throw new InvalidValueException("key", "must match the key in the path, or be left out");
        }
        MetricKey metricKey = metricKey(key);
        changeMetric.changeMetric(new MetricCommand(actor, request.toDraft(metricKey.value())));
        return MetricResponse.of(getMetric.getMetric(new MetricKeyQuery(actor, metricKey)));
    }

    /**
     * Deletes one of the tenant's own metrics (manager and above), unless another metric uses it (409 naming them);
     * built-in metrics cannot be deleted (409).
     *
     * @param key the metric's key
     * @return no content
     */
    @Delete("/{key}")
    @Secured(SecurityRoles.MANAGER)
    @ApiResponse(responseCode = "204", description = "deleted")
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    HttpResponse<Void> deleteMetric(@Parameter(hidden = true) Actor actor, @PathVariable String key) {
        deleteMetric.deleteMetric(new DeleteMetricCommand(actor, metricKey(key)));
        return HttpResponse.noContent();
    }

    private static MetricKey metricKey(String key) {
        if (!MetricKey.isValid(key)) {
            throw new NotFoundException("metric", key);
        }
        return MetricKey.of(key);
    }
}
