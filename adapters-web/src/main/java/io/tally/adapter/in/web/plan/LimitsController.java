package io.tally.adapter.in.web.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.adapter.in.http.validation.ExternalCustomerId;
import io.tally.application.port.in.plan.CustomerLimits;
import io.tally.application.port.in.plan.CustomerLimitsQuery;
import io.tally.application.port.in.plan.GetCustomerLimitsUseCase;
import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

@Tag(name = "Plans and limits")
@Controller("/api/v1/customers/{externalId}/limits")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRoles.VIEWER)
@ProblemResponses.Secured
class LimitsController {

    private final GetCustomerLimitsUseCase limits;

    LimitsController(GetCustomerLimitsUseCase limits) {
        this.limits = limits;
    }

    /**
     * A customer's usage against each limit of its plan now: the current period's start and end, where the
     * counted usage starts (after a usage reset), used, limit, remaining, percentage, and the last reset.
     * Viewer and above; customer-scoped tokens read their own customers.
     *
     * @param externalId the customer's external id
     * @return the limits
     */
    @Get
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    LimitsResponse customerLimits(@Parameter(hidden = true) Actor actor, @PathVariable @ExternalCustomerId String externalId) {
        return LimitsResponse.of(limits.getCustomerLimits(new CustomerLimitsQuery(actor, CustomerId.of(externalId))));
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record LimitsResponse(String customer, @Nullable String plan, boolean planDefined, Instant at, List<LimitResponse> limits) {

        static LimitsResponse of(CustomerLimits limits) {
            return new LimitsResponse(limits.customer().value(), limits.plan().orElse(null), limits.planDefined(), limits.at(),
                    limits.limits().stream().map(LimitResponse::of).toList());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record LimitResponse(String meter, String meterName, String period, String periodBasis, String enforcement, Instant periodStart,
                         Instant periodEnd, Instant countedFrom, BigDecimal used, BigDecimal limit, BigDecimal remaining,
                         @Nullable BigDecimal percentage, boolean exceeded, @Nullable @Schema(type = "object") ResetResponse lastReset) {

        static LimitResponse of(CustomerLimits.LimitUsage usage) {
            return new LimitResponse(usage.limit().meter().value(), usage.meterName(), usage.limit().period().wireName(),
                    usage.window().basis().wireName(), usage.limit().enforcement().wireName(), usage.window().start(), usage.window().end(),
                    usage.window().countedFrom(), usage.used(), usage.limit().amount(), usage.remaining(), usage.percent().orElse(null),
                    usage.exceeded(), usage.window().lastReset().map(mark -> new ResetResponse(mark.reset().toString(), mark.type().wireName(),
                    mark.at())).orElse(null));
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record ResetResponse(String id, String type, Instant at) {
    }
}
