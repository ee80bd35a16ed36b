package io.tally.adapter.in.web.analytics;

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
import io.tally.adapter.in.web.PeriodParameters;
import io.tally.adapter.in.http.validation.ExternalCustomerId;
import io.tally.adapter.in.web.analytics.AnalyticsResponses.ActivityResponse;
import io.tally.adapter.in.web.analytics.AnalyticsResponses.SummaryResponse;
import io.tally.application.port.in.analytics.GetCallActivityUseCase;
import io.tally.application.port.in.analytics.GetUsageSummaryUseCase;
import io.tally.application.port.in.analytics.UsageQuery;
import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;
import java.util.Optional;

@Tag(name = "Usage analytics")
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemResponses.Secured
class UsageController {

    private final GetUsageSummaryUseCase usageSummary;
    private final GetCallActivityUseCase callActivity;

    UsageController(GetUsageSummaryUseCase usageSummary, GetCallActivityUseCase callActivity) {
        this.usageSummary = usageSummary;
        this.callActivity = callActivity;
    }

    /**
     * Every usage figure of a customer over a period, with the period before and the growth. Days are cut
     * in the customer's timezone (else the tenant's, else UTC) unless {@code tz} says otherwise.
     *
     * @param externalId the customer's external id
     * @param days today and the days before it, 1 to 365 (default 30)
     * @param from first day, YYYY-MM-DD (with {@code to}, instead of {@code days})
     * @param to last day, YYYY-MM-DD, included
     * @param month a calendar month, YYYY-MM
     * @param period a relative period: yesterday, last_7_days, last_30_days, last_week, this_month, last_month, this_quarter, year_to_date
     * @param tz an IANA timezone to cut days in
     * @return the figures
     */
    @Get("/customers/{externalId}/usage/summary")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    SummaryResponse customerUsageSummary(@Parameter(hidden = true) Actor actor, @PathVariable @ExternalCustomerId String externalId,
                                         @QueryValue @Nullable Integer days, @QueryValue @Nullable String from,
                                         @QueryValue @Nullable String to, @QueryValue @Nullable String month,
                                         @QueryValue @Nullable String period, @QueryValue @Nullable String tz) {
        return SummaryResponse.of(usageSummary.getUsageSummary(new UsageQuery(actor, Optional.of(CustomerId.of(externalId)),
                PeriodParameters.of(days, from, to, month, period, tz))));
    }

    /**
     * Every usage figure of the whole tenant over a period (days cut in the tenant's timezone), with the
     * period before, the growth, and the ten customers with the most API calls. Not for customer-scoped tokens.
     *
     * @param days today and the days before it, 1 to 365 (default 30)
     * @param from first day, YYYY-MM-DD
     * @param to last day, YYYY-MM-DD, included
     * @param month a calendar month, YYYY-MM
     * @param period a relative period: yesterday, last_7_days, last_30_days, last_week, this_month, last_month, this_quarter, year_to_date
     * @param tz an IANA timezone to cut days in
     * @return the figures and the top customers
     */
    @Get("/usage/summary")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.BadRequest
    SummaryResponse tenantUsageSummary(@Parameter(hidden = true) Actor actor, @QueryValue @Nullable Integer days,
                                       @QueryValue @Nullable String from, @QueryValue @Nullable String to, @QueryValue @Nullable String month,
                                         @QueryValue @Nullable String period, @QueryValue @Nullable String tz) {
        return SummaryResponse.of(usageSummary.getUsageSummary(new UsageQuery(actor, Optional.empty(), PeriodParameters.of(days, from, to, month, period, tz))));
    }

    /**
     * A customer's call activity: totals, success rate, mean duration, cost per currency, calls by outcome,
     * per agent, and per local day.
     *
     * @param externalId the customer's external id
     * @param days today and the days before it, 1 to 365 (default 30)
     * @param from first day, YYYY-MM-DD
     * @param to last day, YYYY-MM-DD, included
     * @param month a calendar month, YYYY-MM
     * @param period a relative period: yesterday, last_7_days, last_30_days, last_week, this_month, last_month, this_quarter, year_to_date
     * @param tz an IANA timezone to cut days in
     * @return the activity figures
     */
    @Get("/customers/{externalId}/activity")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    ActivityResponse customerCallActivity(@Parameter(hidden = true) Actor actor, @PathVariable @ExternalCustomerId String externalId,
                                          @QueryValue @Nullable Integer days, @QueryValue @Nullable String from,
                                          @QueryValue @Nullable String to, @QueryValue @Nullable String month,
                                         @QueryValue @Nullable String period, @QueryValue @Nullable String tz) {
        return ActivityResponse.of(callActivity.getCallActivity(new UsageQuery(actor, Optional.of(CustomerId.of(externalId)),
                PeriodParameters.of(days, from, to, month, period, tz))));
    }
}
