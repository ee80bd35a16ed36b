package io.tally.application.port.in.query;

import io.tally.domain.access.Actor;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Runs a saved query with these parameter values (strings, or numbers), for whom. */
public record RunSavedQueryCommand(Actor actor, UUID id, Map<String, Object> params) {

    public RunSavedQueryCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
        params = Map.copyOf(params);
    }
}
