package io.tally.domain.usage;

import java.time.Instant;
import java.util.Objects;

/** Where a newest-first page of events ended: the last event's time and key, which order events totally. */
public record EventCursor(Instant time, EventKey key) {

    public EventCursor {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(key, "key");
    }
}
