package io.tally.application.port.in.dashboard;

import io.tally.application.port.out.DashboardStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.query.Visibility;
import java.util.Objects;
import java.util.Optional;

/** The dashboards the actor sees (only private or only shared ones, when asked), a page of 1 to {@value #MAX_LIMIT} after a cursor. */
public record ListDashboardsQuery(Actor actor, Optional<Visibility> visibility, Optional<DashboardStorePort.Cursor> after, int limit) {

    public static final int MAX_LIMIT = 200;
    public static final int DEFAULT_LIMIT = 50;

    public ListDashboardsQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be between 1 and " + MAX_LIMIT);
        }
    }
}
