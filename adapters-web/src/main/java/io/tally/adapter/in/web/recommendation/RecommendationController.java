package io.tally.adapter.in.web.recommendation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.adapter.in.web.Cursors;
import io.tally.application.port.in.recommendation.GetRecommendationsUseCase;
import io.tally.application.service.recommendation.RecommendationService;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.recommendation.Evidence;
import io.tally.domain.recommendation.Recommendation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rule-based recommendations, each with the figures behind it. See docs/insights.md. */
@Tag(name = "Insights")
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemResponses.Secured
class RecommendationController {

    private final GetRecommendationsUseCase recommendations;

    RecommendationController(GetRecommendationsUseCase recommendations) {
        this.recommendations = recommendations;
    }

    /**
     * A customer's recommendations, most severe first: plan upgrade, churn risk, failure spike, best time to post and
     * vendor concentration, each with its evidence (viewer and above; a customer-scoped token for its customers only).
     *
     * @param id the customer's external id
     * @return the recommendations
     */
    @Get("/customers/{id}/recommendations")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    Map<String, Object> customerRecommendations(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        String problem = CustomerId.problemWith(id);
        if (problem != null) {
            throw new InvalidValueException("id", problem);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("customer", id);
        json.put("items", recommendations.customerRecommendations(actor, CustomerId.of(id)).stream().map(RecommendationController::json).toList());
        return json;
    }

    /**
     * The tenant's recommendations: on the first page the tenant-wide ones (failure spikes, vendor concentration), then
     * those of a page of customers (by id), most severe first; {@code next_cursor} pages on through the customers.
     *
     * @param limit customers per page, 1 to 50 (default 10)
     * @param cursor {@code next_cursor} of the page before
     * @return a page of recommendations
     */
    @Get("/recommendations")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.BadRequest
    Map<String, Object> tenantRecommendations(@Parameter(hidden = true) Actor actor, @QueryValue @Nullable Integer limit,
                                              @QueryValue @Nullable String cursor) {
        Optional<CustomerId> after = cursor == null || cursor.isBlank() ? Optional.empty() : Cursors.decodeCustomerId(cursor);
        GetRecommendationsUseCase.Page page = recommendations.tenantRecommendations(actor, after,
                limit == null ? RecommendationService.DEFAULT_PAGE : limit);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("items", page.items().stream().map(RecommendationController::json).toList());
        json.put("next_cursor", page.next().map(next -> Cursors.encode(next.value())).orElse(null));
        return json;
    }

    static Map<String, Object> json(Recommendation recommendation) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", recommendation.kind().wireName());
        json.put("severity", recommendation.severity().wireName());
        json.put("customer", recommendation.customer().map(CustomerId::value).orElse(null));
        json.put("title", recommendation.title());
        json.put("detail", recommendation.detail());
        List<Map<String, Object>> evidence = recommendation.evidence().stream().map(RecommendationController::evidence).toList();
        json.put("evidence", evidence);
        return json;
    }

    private static Map<String, Object> evidence(Evidence evidence) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("label", evidence.label());
        json.put("metric", evidence.metric().orElse(null));
        json.put("value", evidence.value());
        json.put("unit", evidence.unit());
        json.put("over", evidence.over());
        return json;
    }
}
