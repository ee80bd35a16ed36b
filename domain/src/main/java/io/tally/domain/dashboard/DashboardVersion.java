package io.tally.domain.dashboard;

import java.time.Instant;
import java.util.Objects;

/** One version of a dashboard as it was saved: its number, its definition, who saved it and when. */
public record DashboardVersion(int version, Dashboard.Definition definition, String savedBy, Instant savedAt) {

    public DashboardVersion {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(savedBy, "savedBy");
        Objects.requireNonNull(savedAt, "savedAt");
    }
}
