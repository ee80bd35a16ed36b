package io.tally.adapter.in.web.billing;

import io.tally.adapter.in.web.PeriodParameters;
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
import io.tally.adapter.in.http.validation.ExternalCustomerId;
import io.tally.adapter.in.web.billing.BillingResponses.CustomerBillingResponse;
import io.tally.adapter.in.web.billing.BillingResponses.MrrSeriesResponse;
import io.tally.adapter.in.web.billing.BillingResponses.SummaryResponse;
import io.tally.application.port.in.billing.BillingSummaryQuery;
import io.tally.application.port.in.billing.CustomerBillingQuery;
import io.tally.application.port.in.billing.GetBillingSummaryUseCase;
import io.tally.application.port.in.billing.GetCustomerBillingUseCase;
import io.tally.application.port.in.billing.GetMrrSeriesUseCase;
import io.tally.application.port.in.billing.MrrSeriesQuery;
import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;

@Tag(name = "Billing analytics")
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRoles.ANALYST)
@ProblemResponses.Secured
class BillingController {

    private final GetBillingSummaryUseCase summary;
    private final GetMrrSeriesUseCase mrrSeries;
    private final GetCustomerBillingUseCase customerBilling;

    BillingController(GetBillingSummaryUseCase summary, GetMrrSeriesUseCase mrrSeries, GetCustomerBillingUseCase customerBilling) {
        this.summary = summary;
        this.mrrSeries = mrrSeries;
        this.customerBilling = customerBilling;
    }

    /**
     * The tenant's billing figures over a period, days cut in the tenant's timezone: signups, churned customers
     * ({@code new_and_churned}: those of them not paying at the period's start) and the customer churn rate (the
     * mean of the period's calendar months' rates: paying at a month's start and churned in it ÷ paying at its
     * start; null when no month had anyone paying at its start), revenue (gross, refunds, net), MRR at the start and
     * end with its movements, ARPU, and breakdowns by plan and country; every amount per currency, never
     * converted. A period that has not ended is measured up to now ({@code measured_until}). Analyst and above;
     * not for customer-scoped tokens.
     *
     * @param days today and the days before it, 1 to 365 (default 30)
     * @param from first day, YYYY-MM-DD (with {@code to})
     * @param to last day, YYYY-MM-DD, included
     * @param month a calendar month, YYYY-MM
     * @param period a relative period: yesterday, last_7_days, last_30_days, last_week, this_month, last_month, this_quarter, year_to_date
     * @return the figures
     */
    @Get("/billing/summary")
    @ProblemResponses.BadRequest
    SummaryResponse billingSummary(@Parameter(hidden = true) Actor actor, @QueryValue @Nullable Integer days,
                                   @QueryValue @Nullable String from, @QueryValue @Nullable String to,
                                   @QueryValue @Nullable String month, @QueryValue @Nullable String period) {
        return SummaryResponse.of(summary.getBillingSummary(new BillingSummaryQuery(actor, PeriodParameters.billing(days, from, to, month, period))));
    }

    /**
     * MRR per calendar month in the tenant's timezone, oldest first, ending with the current month (measured up
     * to now): start, end and movements per currency, and the customers paying at the month's end.
     *
     * @param months how many months, 1 to 36 (default 12)
     * @return the series
     */
    @Get("/billing/mrr")
    @ProblemResponses.BadRequest
    MrrSeriesResponse mrr(@Parameter(hidden = true) Actor actor, @QueryValue @Nullable Integer months) {
        return MrrSeriesResponse.of(mrrSeries.getMrrSeries(new MrrSeriesQuery(actor, months == null ? MrrSeriesQuery.DEFAULT_MONTHS : months)));
    }

    /**
     * A customer's billing view: its profile, the subscription in force now, its MRR now per currency, and its
     * lifetime revenue (succeeded payments, refunds, net). Customer-scoped tokens see their own customers only.
     *
     * @param externalId the customer's external id
     * @return the billing view
     */
    @Get("/customers/{externalId}/billing")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    CustomerBillingResponse customerBilling(@Parameter(hidden = true) Actor actor, @PathVariable @ExternalCustomerId String externalId) {
        return CustomerBillingResponse.of(customerBilling.getCustomerBilling(new CustomerBillingQuery(actor, CustomerId.of(externalId))));
    }
}
