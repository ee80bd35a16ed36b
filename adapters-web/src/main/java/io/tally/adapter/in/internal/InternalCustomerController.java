package io.tally.adapter.in.internal;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.CustomerResponse;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.adapter.in.http.validation.ExternalCustomerId;
import io.tally.application.port.in.UpsertCustomerCommand;
import io.tally.application.port.in.UpsertCustomerUseCase;
import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.customer.CustomerUpsert;
import jakarta.validation.Valid;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

@Tag(name = "Internal: customers")
@Controller("/internal/v1/customers")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemResponses.Secured
class InternalCustomerController {

    private final UpsertCustomerUseCase upsertCustomer;

    InternalCustomerController(UpsertCustomerUseCase upsertCustomer) {
        this.upsertCustomer = upsertCustomer;
    }

    /**
     * Creates the customer or replaces its whole profile (service token with scope
     * {@code customers:write}). Idempotent: sending the same profile again changes nothing. Answers 201
     * when the customer is new, 200 otherwise.
     *
     * @param externalId the customer's external id
     * @param request the profile
     * @return the stored customer
     */
    @Put("/{externalId}")
    @Secured(SecurityRoles.SCOPE_CUSTOMERS_WRITE)
    @ApiResponse(responseCode = "200", description = "the profile of a known customer, replaced or unchanged",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerResponse.class)))
    @ApiResponse(responseCode = "201", description = "a new customer; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerResponse.class)))
    @ProblemResponses.BadRequest
    @ProblemResponses.Conflict
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    HttpResponse<CustomerResponse> upsertCustomer(@Parameter(hidden = true) Actor actor, @PathVariable @ExternalCustomerId String externalId,
                                          @Body @Valid CustomerProfileRequest request) {
        CustomerUpsert result = upsertCustomer.upsertCustomer(
                new UpsertCustomerCommand(actor, CustomerId.of(externalId), request.toProfile()));
        CustomerResponse body = CustomerResponse.of(result.customer());
        if (!result.created()) {
            return HttpResponse.ok(body);
        }
        return HttpResponse.<CustomerResponse>status(HttpStatus.CREATED).body(body)
                .header(HttpHeaders.LOCATION, "/api/v1/customers/" + URLEncoder.encode(externalId, StandardCharsets.UTF_8).replace("+", "%20"));
    }
}
