package io.tally.adapter.out.persistence.analytics;

import java.time.Instant;
import java.util.Optional;

/** Which events a statement reads: the tenant's, or one customer's, in [from, to). */
record EventScope(long tenantId, Optional<Long> customerId, Instant from, Instant to) {

    /** The same events from an earlier instant on (intervals that began before the period). */
    EventScope from(Instant earlier) {
        return new EventScope(tenantId, customerId, earlier, to);
    }
}
