package io.tally.domain.query;

import java.time.Instant;
import java.util.Objects;

/** One version of a saved query as it was saved: its number, its definition, who saved it and when. */
public record SavedQueryVersion(int version, SavedQuery.Definition definition, String savedBy, Instant savedAt) {

    public SavedQueryVersion {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(savedBy, "savedBy");
        Objects.requireNonNull(savedAt, "savedAt");
    }
}
