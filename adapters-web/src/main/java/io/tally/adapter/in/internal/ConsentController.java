package io.tally.adapter.in.internal;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
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
import io.tally.adapter.in.http.ConsentResponse;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.application.port.in.privacy.RecordConsentCommand;
import io.tally.application.port.in.privacy.RecordConsentUseCase;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Rfc3339;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.privacy.ConsentRecord;
import io.tally.domain.privacy.LegalBasis;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Consent statements from the product (service token with scope {@code consent:write}). */
@Tag(name = "Internal: consent")
@Controller("/internal/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRoles.SCOPE_CONSENT_WRITE)
@ProblemResponses.Secured
class ConsentController {

    private static final Set<String> FIELDS = Set.of("customer", "category", "given", "version", "legal_basis", "purpose", "at");

    private final RecordConsentUseCase consents;

    ConsentController(RecordConsentUseCase consents) {
        this.consents = consents;
    }

    /**
     * Appends a consent statement to a customer's history: {@code customer}, {@code category} (such as {@code analytics}),
     * {@code given} (true, or false for a withdrawal), {@code version} of the text agreed to, {@code legal_basis} (GDPR
     * Art. 6(1): consent, contract, legal_obligation, vital_interests, public_task, legitimate_interests), {@code purpose}
     * (optional) and {@code at}, when it was given (RFC 3339). The customer is created if it is new. Audited as
     * {@code consent.given} or {@code consent.withdrawn}.
     *
     * @param body the statement
     * @return 201 with the statement as recorded
     */
    @Post("/consents")
    @ApiResponse(responseCode = "201", description = "the statement as recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object")))
    @ProblemResponses.BadRequest
    @ProblemResponses.Conflict
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    HttpResponse<Map<String, Object>> recordConsent(@Parameter(hidden = true) Actor actor, @Body Map<String, Object> body) {
        for (String field : body.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidValueException(field, "is not a field of a consent; they are at, category, customer, given, legal_basis, purpose, version");
            }
        }
        CustomerId customer;
        try {
            customer = CustomerId.of(text(body, "customer"));
        } catch (InvalidValueException problem) {
            throw problem.forField("customer");
        }
        if (!(body.get("given") instanceof Boolean given)) {
            throw new InvalidValueException("given", "is required: true when consent is given, false when it is withdrawn");
        }
        Instant at = Rfc3339.parse(text(body, "at"));
        if (at == null) {
            throw new InvalidValueException("at", "must be an RFC 3339 instant such as 2027-01-05T09:30:00Z");
        }
        Object purpose = body.get("purpose");
        if (purpose != null && !(purpose instanceof String)) {
            throw new InvalidValueException("purpose", "must be text");
        }
        ConsentRecord record = consents.recordConsent(new RecordConsentCommand(actor, customer, text(body, "category"), given, text(body, "version"),
                LegalBasis.fromWireName(text(body, "legal_basis"), "legal_basis"), Optional.ofNullable((String) purpose), at));
        return HttpResponse.<Map<String, Object>>status(HttpStatus.CREATED).body(ConsentResponse.of(record, true));
    }

    private static String text(Map<String, Object> body, String field) {
        if (!(body.get(field) instanceof String text) || text.isBlank()) {
            throw new InvalidValueException(field, "is required");
        }
        return text;
    }
}
