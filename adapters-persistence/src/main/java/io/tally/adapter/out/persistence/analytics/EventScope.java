package io.tally.adapter.out.persistence.analytics;

import java.time.Instant;
import java.util.Optional;

/**
 * Which events a statement reads: the tenant's, or one customer's, in [from, to). {@code withheld} are the customers
 * whose processing is restricted (GDPR Arts. 18 and 21): the tenant's figures leave their events out.
 */
record EventScope(long tenantId, Optional<Long> customerId, Instant from, Instant to, Long[] withheld) {

    EventScope(long tenantId, Optional<Long> customerId, Instant from, Instant to) {
        this(tenantId, customerId, from, to, new Long[0]);
    }

    /** The same events from an earlier instant on (intervals that began before the period). */
    EventScope from(Instant earlier) {
        return new EventScope(tenantId, customerId, earlier, to, withheld);
    }
}
