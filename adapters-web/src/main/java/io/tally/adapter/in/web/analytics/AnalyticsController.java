package io.tally.adapter.in.web.analytics;

import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
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
import io.tally.application.port.in.analytics.QueryAnalyticsUseCase;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.domain.access.Actor;

@Tag(name = "Usage analytics")
@Controller("/api/v1/analytics")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemResponses.Secured
class AnalyticsController {

    private final QueryAnalyticsUseCase queryAnalytics;

    AnalyticsController(QueryAnalyticsUseCase queryAnalytics) {
        this.queryAnalytics = queryAnalytics;
    }

    /**
     * A meter, a metric or up to 10 metrics over a period, for a customer or the whole tenant: the value in every
     * bucket, per group, with totals and, with {@code compare}, the period before and the growth. A meter question
     * answers in the meter's shape ({@code meter}, {@code groups}, {@code totals}); a metric question answers one
     * {@code series} per metric, each with its unit, polarity and decimals. At most 10,000 cells (buckets × groups
     * × metrics) per answer. Billing metrics need the analyst role.
     *
     * @param request the question
     * @return buckets, groups and totals
     */
    @Post("/query")
    @ApiResponse(responseCode = "200", description = "a meter question's answer, or one series per metric",
            content = @Content(mediaType = "application/json", schema = @Schema(oneOf = {QueryAnswers.QueryResponse.class,
                    QueryAnswers.MetricsQueryResponse.class})))
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    Object queryAnalytics(@Parameter(hidden = true) Actor actor, @Body AnalyticsQueryRequest request) {
        QueryDefinition definition = QueryDefinition.read(request.toJson(), "");
        return QueryAnswers.of(queryAnalytics.queryAnalytics(definition.askedBy(actor)), definition);
    }
}
