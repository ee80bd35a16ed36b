package io.tally.application.port.in.reset;

import io.tally.domain.access.Actor;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.bulk.CustomerSelection;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.plan.ResetType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A bulk usage reset: either {@code customers} (external ids, at most 10,000) or every customer of {@code plan};
 * the meters (default: every meter a plan of the tenant limits); the type; a reason; and whether to only say
 * what would happen. {@code requestHash} identifies the request's content for its idempotency key.
 */
public record ResetUsageCommand(Actor actor, String idempotencyKey, String requestHash, Optional<List<CustomerId>> customers,
                                Optional<String> plan, Optional<List<MeterKey>> meters, ResetType type, String reason, boolean dryRun) {

    public static final int MAX_CUSTOMERS = CustomerSelection.MAX_IDS;

    public ResetUsageCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(customers, "customers");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
        customers = customers.map(List::copyOf);
        meters = meters.map(List::copyOf);
    }
}
