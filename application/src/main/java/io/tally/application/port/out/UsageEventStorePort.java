package io.tally.application.port.out;

import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.usage.EventCursor;
import io.tally.domain.usage.EventKey;
import io.tally.domain.usage.EventType;
import io.tally.domain.usage.FingerprintedEvent;
import io.tally.domain.usage.StoredEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The append-only store of usage events. */
public interface UsageEventStorePort {

    /**
     * Stores each event whose key is new, atomically and set-based; an event whose key is already stored
     * (earlier, or by a concurrent batch) is left as it is. The events' keys must be distinct and their
     * subjects must exist as customers.
     */
    default Appended append(TenantId tenant, List<FingerprintedEvent> events, Instant receivedAt) {
        return append(tenant, events, receivedAt, Set.of());
    }

    /**
     * Stores as {@link #append(TenantId, List, Instant)} does; the events of the {@code withheld} customers (whose
     * processing is restricted) are stored but add nothing to the rollups, so no figure counts them until the restriction
     * is lifted.
     */
    Appended append(TenantId tenant, List<FingerprintedEvent> events, Instant receivedAt, Set<CustomerId> withheld);

    /** Keys stored by this call, and the stored fingerprint of every other key. */
    record Appended(Set<EventKey> stored, Map<EventKey, UUID> existingFingerprints) {

        public Appended {
            stored = Set.copyOf(stored);
            existingFingerprints = Map.copyOf(existingFingerprints);
        }
    }

    /** A customer's events newest first (time, then source and id descending), after the cursor, at most {@code limit}. */
    List<StoredEvent> history(TenantId tenant, CustomerId customer, Optional<EventType> type, Optional<Instant> from,
                              Optional<Instant> to, Optional<EventCursor> after, int limit);
}
