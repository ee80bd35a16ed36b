package io.tally.domain.usage;

import java.util.Locale;

/**
 * What became of one submitted event: stored now ({@code ACCEPTED}), already stored with the same content
 * ({@code DUPLICATE}, a success), already stored with other content ({@code CONFLICT}, the original stays),
 * or not valid ({@code REJECTED}, with a reason).
 */
public enum IngestOutcome {
    ACCEPTED,
    DUPLICATE,
    CONFLICT,
    REJECTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Accepted and duplicate events are both safely stored: the sender need not retry them. */
    public boolean isSuccess() {
        return this == ACCEPTED || this == DUPLICATE;
    }
}
