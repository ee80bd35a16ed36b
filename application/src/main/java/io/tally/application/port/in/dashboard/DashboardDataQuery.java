package io.tally.application.port.in.dashboard;

import io.tally.domain.access.Actor;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Every widget of a dashboard answered, with these filter values (by filter name; the others take their defaults). */
public record DashboardDataQuery(Actor actor, UUID id, Map<String, String> filters) {

    public DashboardDataQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
        filters = Map.copyOf(filters);
    }
}
