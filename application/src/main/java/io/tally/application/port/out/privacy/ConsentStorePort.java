package io.tally.application.port.out.privacy;

import io.tally.domain.customer.CustomerId;
import io.tally.domain.privacy.ConsentRecord;
import io.tally.domain.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Customers' consent statements, appended and never changed. */
public interface ConsentStorePort {

    /** Appends a statement of an existing customer. */
    void append(TenantId tenant, ConsentRecord record);

    /** A customer's statements, in the order they were recorded. */
    List<ConsentRecord> history(TenantId tenant, CustomerId customer);

    /** The statements of these customers about these categories, per customer (a customer without any is left out). */
    Map<CustomerId, List<ConsentRecord>> histories(TenantId tenant, Set<CustomerId> customers, Set<String> categories);
}
