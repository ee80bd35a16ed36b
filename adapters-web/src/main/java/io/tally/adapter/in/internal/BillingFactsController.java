package io.tally.adapter.in.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
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
import io.tally.adapter.in.http.SubscriptionResponse;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.application.port.in.billing.RecordPaymentCommand;
import io.tally.application.port.in.billing.RecordPaymentUseCase;
import io.tally.application.port.in.billing.RecordPaymentUseCase.Outcome;
import io.tally.application.port.in.billing.RecordPaymentUseCase.PaymentRecorded;
import io.tally.application.port.in.billing.RecordSubscriptionCommand;
import io.tally.application.port.in.billing.RecordSubscriptionUseCase;
import io.tally.application.port.in.billing.RecordSubscriptionUseCase.SubscriptionRecorded;
import io.tally.domain.access.Actor;
import jakarta.validation.Valid;

@Tag(name = "Internal: billing facts")
@Controller("/internal/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRoles.SCOPE_BILLING_WRITE)
@ProblemResponses.Secured
class BillingFactsController {

    private final RecordSubscriptionUseCase subscriptions;
    private final RecordPaymentUseCase payments;

    BillingFactsController(RecordSubscriptionUseCase subscriptions, RecordPaymentUseCase payments) {
        this.subscriptions = subscriptions;
        this.payments = payments;
    }

    /**
     * Records a version of a subscription (service token with scope {@code billing:write}). A version is known
     * by the subscription id and {@code effective_at}: sending it again changes nothing (200), a new one is
     * kept beside the others (201), and a different version with the same {@code effective_at} is refused
     * (409). An older version sent after a newer one is kept as history and does not override it
     * ({@code latest} is then false). The customer is created if it is new.
     *
     * @param id the billing system's subscription id
     * @param request the version
     * @return the version as stored
     */
    @Put("/subscriptions/{id}")
    @ApiResponse(responseCode = "200", description = "the version was stored already",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecordedSubscription.class)))
    @ApiResponse(responseCode = "201", description = "a new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecordedSubscription.class)))
    @ProblemResponses.BadRequest
    @ProblemResponses.Conflict
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    HttpResponse<RecordedSubscription> recordSubscription(@Parameter(hidden = true) Actor actor, @PathVariable String id,
                                                          @Body @Valid SubscriptionRequest request) {
        SubscriptionRecorded recorded = subscriptions.recordSubscription(new RecordSubscriptionCommand(actor, request.toVersion(id)));
        RecordedSubscription body = new RecordedSubscription(SubscriptionResponse.of(recorded.version()), recorded.latest(),
                recorded.created() ? "created" : "unchanged");
        return HttpResponse.status(recorded.created() ? HttpStatus.CREATED : HttpStatus.OK).body(body);
    }

    /**
     * Records a payment, or an update of one (service token with scope {@code billing:write}): a refund
     * arrives as the same payment with its refunds. Reports are merged, so replays in any order give the same
     * payment: the status moves from failed to succeeded and never back, refunds are added and never removed
     * (a refund is known by its time and amount). A report that changes the customer, amount, currency or
     * payment time is refused (409). Answers 201 for a new payment, 200 otherwise.
     *
     * @param request the payment
     * @return the payment as stored
     */
    @Post("/payments")
    @ApiResponse(responseCode = "200", description = "a payment known already, merged with this report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentResponse.class)))
    @ApiResponse(responseCode = "201", description = "a new payment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentResponse.class)))
    @ProblemResponses.BadRequest
    @ProblemResponses.Conflict
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    HttpResponse<PaymentResponse> recordPayment(@Parameter(hidden = true) Actor actor, @Body @Valid PaymentRequest request) {
        PaymentRecorded recorded = payments.recordPayment(new RecordPaymentCommand(actor, request.toPayment()));
        return HttpResponse.status(recorded.outcome() == Outcome.CREATED ? HttpStatus.CREATED : HttpStatus.OK)
                .body(PaymentResponse.of(recorded));
    }

    /** The stored version, whether it is the subscription's newest, and whether this request created it. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RecordedSubscription(@JsonUnwrapped SubscriptionResponse version, boolean latest, String recorded) {
    }
}
