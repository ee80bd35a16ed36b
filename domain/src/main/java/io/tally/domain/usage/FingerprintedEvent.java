package io.tally.domain.usage;

import java.util.Objects;
import java.util.UUID;

/**
 * An event with its content fingerprint and the canonical JSON of its data, both computed once and carried to
 * the store, which keeps the JSON as the event's data.
 */
public record FingerprintedEvent(UsageEvent event, UUID fingerprint, String canonicalData) {

    public FingerprintedEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(canonicalData, "canonicalData");
    }

    public static FingerprintedEvent of(UsageEvent event) {
        String canonicalData = event.data().canonicalJson();
        return new FingerprintedEvent(event, event.fingerprint(canonicalData), canonicalData);
    }

    public EventKey key() {
        return event.key();
    }
}
