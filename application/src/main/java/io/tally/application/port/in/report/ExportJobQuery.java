package io.tally.application.port.in.report;

import io.tally.domain.access.Actor;
import java.util.Objects;
import java.util.UUID;

/** An async export of the actor's tenant, by id. */
public record ExportJobQuery(Actor actor, UUID id) {

    public ExportJobQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
    }
}
