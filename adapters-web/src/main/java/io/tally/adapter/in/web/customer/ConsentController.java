package io.tally.adapter.in.web.customer;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.ConsentResponse;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.application.port.in.privacy.CustomerConsents;
import io.tally.application.port.in.privacy.CustomerConsentsQuery;
import io.tally.application.port.in.privacy.GetCustomerConsentsUseCase;
import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;
import java.util.LinkedHashMap;
import java.util.Map;

/** A customer's consent, for staff and for a token limited to that customer. */
@Tag(name = "Customers")
@Controller("/api/v1/customers")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemResponses.Secured
class ConsentController {

    private final GetCustomerConsentsUseCase consents;

    ConsentController(GetCustomerConsentsUseCase consents) {
        this.consents = consents;
    }

    /**
     * A customer's consent (viewer and above, or a token limited to the customer): {@code current}, the latest statement
     * per category by the time it was given; {@code required}, the tenant's {@code consent_required}, and {@code missing},
     * those of them not currently given (the customer's usage events are refused while any is missing); and
     * {@code history}, every statement in the order recorded.
     *
     * @param externalId the customer's external id
     * @return the consent
     */
    @Get("/{externalId}/consents")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    Map<String, Object> consents(@Parameter(hidden = true) Actor actor, @PathVariable String externalId) {
        CustomerConsents found = consents.customerConsents(new CustomerConsentsQuery(actor, CustomerId.of(externalId)));
        Map<String, Object> current = new LinkedHashMap<>();
        found.current().current().forEach((category, record) -> current.put(category, ConsentResponse.of(record, false)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customer", found.customer().value());
        body.put("current", current);
        body.put("required", found.required().stream().sorted().toList());
        body.put("missing", found.missing());
        body.put("history", found.history().stream().map(record -> ConsentResponse.of(record, false)).toList());
        return body;
    }
}
