package io.tally.application.port.in.query;

import io.tally.application.port.out.SavedQueryStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.query.Visibility;
import java.util.Objects;
import java.util.Optional;

/** The saved queries the actor sees, optionally of one visibility, a page of 1 to {@value #MAX_LIMIT} after a cursor. */
public record ListSavedQueriesQuery(Actor actor, Optional<Visibility> visibility, Optional<SavedQueryStorePort.Cursor> after, int limit) {

    public static final int MAX_LIMIT = 200;
    public static final int DEFAULT_LIMIT = 50;

    public ListSavedQueriesQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be between 1 and " + MAX_LIMIT);
        }
    }
}
