package io.tally.application.port.in.query;

import io.tally.domain.query.RunStats;
import io.tally.domain.query.SavedQuery;
import java.util.Objects;

/** A saved query with how it has been used. */
public record SavedQueryView(SavedQuery query, RunStats stats) {

    public SavedQueryView {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(stats, "stats");
    }
}
