package io.tally.application.port.in.report;

import io.tally.domain.access.Actor;
import io.tally.domain.report.ExportRequest;
import java.util.Objects;

/** An export asked for by an actor. */
public record ExportCommand(Actor actor, ExportRequest request) {

    public ExportCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(request, "request");
    }
}
