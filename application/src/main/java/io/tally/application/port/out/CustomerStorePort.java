package io.tally.application.port.out;

import io.tally.domain.access.CustomerScope;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.customer.CustomerUpsert;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.plan.ResetMark;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Keeps customers and their profiles, per tenant. The tenant must exist. */
public interface CustomerStorePort {

    Optional<Customer> find(TenantId tenant, CustomerId id);

    /**
     * The customer with the usage resets in force for it (not reverted), per meter they apply to, in time order, read
     * together: what a limit is measured with (the quota check's one read before the meter).
     */
    Optional<CustomerWithResets> findWithResets(TenantId tenant, CustomerId id);

    /** A customer and the resets in force for it, per meter. */
    record CustomerWithResets(Customer customer, Map<MeterKey, List<ResetMark>> resets) {
        public CustomerWithResets {
            Objects.requireNonNull(customer, "customer");
            resets = Map.copyOf(resets);
        }
    }

    /** Inserts the customer or replaces its profile, atomically; tells which happened. */
    CustomerUpsert upsert(TenantId tenant, CustomerId id, CustomerProfile profile, Instant now);

    /** Which of these customers exist. */
    Set<CustomerId> existing(TenantId tenant, Set<CustomerId> ids);

    /** Creates, with a minimal profile, each of these customers that does not exist yet; set-based. */
    void createMissing(TenantId tenant, Set<CustomerId> ids, Instant now);

    /**
     * Customers in ascending external-id order, after {@code after} when given, within {@code scope},
     * at most {@code limit} of them.
     */
    default List<Customer> list(TenantId tenant, CustomerScope scope, Optional<CustomerId> after, int limit) {
        return list(tenant, scope, Optional.empty(), after, limit);
    }

    /** As {@link #list(TenantId, CustomerScope, Optional, int)}, only those whose external id or display name holds {@code search}, in any case. */
    List<Customer> list(TenantId tenant, CustomerScope scope, Optional<String> search, Optional<CustomerId> after, int limit);

    /** Locks the customer's row until the transaction ends, so that checks and writes of its usage run one at a time. */
    void lock(TenantId tenant, CustomerId id);
}
