package io.tally.adapter.in.web;

import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.adapter.in.web.AnalyticsResponses.QueryResponse;
import io.tally.application.port.in.analytics.AnalyticsQuery;
import io.tally.application.port.in.analytics.QueryAnalyticsUseCase;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Tag(name = "Usage analytics")
@Controller("/api/v1/analytics")
@ExecuteOn(TaskExecutors.BLOCKING)
class AnalyticsController {

    private final QueryAnalyticsUseCase queryAnalytics;

    AnalyticsController(QueryAnalyticsUseCase queryAnalytics) {
        this.queryAnalytics = queryAnalytics;
    }

    /**
     * One meter over a period, for a customer or the whole tenant: its value in every bucket, per group,
     * with totals and, with {@code compare}, the period before and the growth. At most 10,000 cells
     * (buckets × groups) per answer.
     *
     * @param request the question
     * @return buckets, groups and totals
     */
    @Post("/query")
    @Secured(SecurityRoles.VIEWER)
    QueryResponse queryAnalytics(@Parameter(hidden = true) Actor actor, @Body @Valid AnalyticsQueryRequest request) {
        if (!MeterKey.isValid(request.meter())) {
            throw new InvalidValueException("meter", "'" + request.meter() + "' is not a meter key");
        }
        BucketSize bucket = request.bucket() == null ? BucketSize.DAY : BucketSize.fromWireName(request.bucket());
        AnalyticsQuery query = new AnalyticsQuery(actor, MeterKey.of(request.meter()), Optional.ofNullable(request.customer()).map(CustomerId::of),
                PeriodParameters.of(request.days(), request.from(), request.to(), request.tz()), bucket,
                request.groupBy() == null ? List.of() : request.groupBy(), request.filters() == null ? Map.of() : request.filters(),
                request.compare() != null, !"asc".equals(request.order()),
                request.limit() == null ? AnalyticsQuery.DEFAULT_LIMIT : request.limit());
        return QueryResponse.of(queryAnalytics.queryAnalytics(query), request.customer(), bucket.wireName());
    }
}
