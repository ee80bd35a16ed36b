package io.tally.application.port.in.query;

import io.tally.domain.access.Actor;
import io.tally.domain.query.SavedQuery;
import java.util.Objects;
import java.util.UUID;

public record ChangeSavedQueryCommand(Actor actor, UUID id, SavedQuery.Definition definition) {

    public ChangeSavedQueryCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(definition, "definition");
    }
}
