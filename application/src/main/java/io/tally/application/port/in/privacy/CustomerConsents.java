package io.tally.application.port.in.privacy;

import io.tally.domain.customer.CustomerId;
import io.tally.domain.privacy.ConsentRecord;
import io.tally.domain.privacy.ConsentState;
import java.util.List;
import java.util.Set;

/** A customer's consent per category now, the categories the tenant requires that it lacks, and every statement. */
public record CustomerConsents(CustomerId customer, ConsentState current, List<String> missing, Set<String> required, List<ConsentRecord> history) {
    public CustomerConsents {
        missing = List.copyOf(missing);
        required = Set.copyOf(required);
        history = List.copyOf(history);
    }
}
