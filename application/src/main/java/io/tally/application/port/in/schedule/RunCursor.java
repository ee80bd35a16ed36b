package io.tally.application.port.in.schedule;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Where a page of runs ends: its last run's creation time and id. */
public record RunCursor(Instant createdAt, UUID id) {

    public RunCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }
}
