package io.tally.application.port.in.query;

import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.QueryDefinition;
import java.util.Objects;

/** What a saved query answered, and the query it ran (its parameters filled in). */
public record SavedQueryAnswer(AnalyticsResult result, QueryDefinition ran) {

    public SavedQueryAnswer {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(ran, "ran");
    }
}
