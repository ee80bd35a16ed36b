package io.tally.domain.usage;

import java.time.Instant;
import java.util.Objects;

/** A usage event as kept, with when Tally received it. */
public record StoredEvent(UsageEvent event, Instant receivedAt) {

    public StoredEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    public EventCursor cursor() {
        return new EventCursor(event.time(), event.key());
    }
}
