package io.tally.domain.dashboard;

import io.tally.domain.query.QueryTemplate;
import java.util.Objects;
import java.util.UUID;

/**
 * What a widget shows: an analytics query of its own (its strings may say {@code {{filters.name}}}), or a saved query
 * with values for its parameters (which may say {@code {{filters.name}}} too).
 */
public sealed interface WidgetSource {

    /** The widget's own query, in its JSON form. */
    record Inline(QueryTemplate query) implements WidgetSource {
        public Inline {
            Objects.requireNonNull(query, "query");
        }
    }

    /** A saved query and its parameters' values, as a JSON object. */
    record Saved(UUID query, QueryTemplate params) implements WidgetSource {
        public Saved {
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(params, "params");
        }
    }
}
