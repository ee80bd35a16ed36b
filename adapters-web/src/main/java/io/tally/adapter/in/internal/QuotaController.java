package io.tally.adapter.in.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.adapter.in.http.validation.ExternalCustomerId;
import io.tally.application.port.in.plan.CheckQuotaUseCase;
import io.tally.application.port.in.plan.QuotaAnswer;
import io.tally.application.port.in.plan.QuotaCheckCommand;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.plan.Enforcement;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Instant;

@Tag(name = "Internal: quota checks")
@Controller("/internal/v1/quota-checks")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRoles.SCOPE_QUOTA_READ)
@ProblemResponses.Secured
class QuotaController {

    private final CheckQuotaUseCase quota;

    QuotaController(CheckQuotaUseCase quota) {
        this.quota = quota;
    }

    /**
     * May the customer use {@code amount} more of the meter? Answers from the same computation as
     * {@code GET /api/v1/customers/{id}/limits}. With {@code reserve: true} an allowed amount is recorded as usage
     * in the same step, under a lock on the customer, so concurrent reservations can never overspend. A meter
     * without a limit in the customer's plan is allowed, with {@code limit}, {@code remaining} and
     * {@code period_end} null. Service token with scope {@code quota:read}.
     *
     * @param body customer, meter, amount, reserve
     * @return the answer
     */
    @Post
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    QuotaResponse check(@Parameter(hidden = true) Actor actor, @Body @jakarta.validation.Valid QuotaRequest body) {
        if (body.amount() == null) {
            throw new InvalidValueException("amount", "is required");
        }
        MeterKey meter;
        try {
            meter = MeterKey.of(body.meter());
        } catch (InvalidValueException e) {
            throw e.forField("meter");
        }
        return QuotaResponse.of(quota.checkQuota(new QuotaCheckCommand(actor, CustomerId.of(body.customer()), meter, body.amount(),
                body.reserve() != null && body.reserve())));
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record QuotaRequest(@NotBlank @ExternalCustomerId String customer, @NotBlank String meter, @NotNull BigDecimal amount,
                        @Nullable Boolean reserve) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record QuotaResponse(boolean allowed, @Nullable BigDecimal remaining, @Nullable BigDecimal limit, @Nullable Instant periodEnd,
                         @Nullable String enforcement, @Nullable BigDecimal used, boolean reserved) {

        static QuotaResponse of(QuotaAnswer answer) {
            return new QuotaResponse(answer.allowed(), answer.remaining().orElse(null), answer.limit().orElse(null),
                    answer.periodEnd().orElse(null), answer.enforcement().map(Enforcement::wireName).orElse(null), answer.used().orElse(null),
                    answer.reserved());
        }
    }
}
