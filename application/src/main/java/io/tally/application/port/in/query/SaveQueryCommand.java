package io.tally.application.port.in.query;

import io.tally.domain.access.Actor;
import io.tally.domain.query.SavedQuery;
import java.util.Objects;

public record SaveQueryCommand(Actor actor, SavedQuery.Definition definition) {

    public SaveQueryCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(definition, "definition");
    }
}
