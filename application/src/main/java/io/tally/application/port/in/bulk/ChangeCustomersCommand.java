package io.tally.application.port.in.bulk;

import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.customer.CustomerStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A bulk customer change: either {@code customers} (external ids, at most 10,000) or every customer of {@code plan};
 * the plan to move them to ({@code setPlan}, a plan the tenant defined), the status to give them ({@code setStatus}),
 * or both; a reason; and whether to only say what would happen. {@code requestHash} identifies the request's content
 * for its idempotency key.
 */
public record ChangeCustomersCommand(Actor actor, String idempotencyKey, String requestHash, Optional<List<CustomerId>> customers,
                                     Optional<String> plan, Optional<String> setPlan, Optional<CustomerStatus> setStatus, String reason,
                                     boolean dryRun) {

    public ChangeCustomersCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(customers, "customers");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(setPlan, "setPlan");
        Objects.requireNonNull(setStatus, "setStatus");
        Objects.requireNonNull(reason, "reason");
        customers = customers.map(List::copyOf);
    }
}
