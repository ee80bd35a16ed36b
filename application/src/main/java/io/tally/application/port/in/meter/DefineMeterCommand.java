package io.tally.application.port.in.meter;

import io.tally.domain.access.Actor;
import io.tally.domain.analytics.Meter;
import java.util.Objects;

public record DefineMeterCommand(Actor actor, Meter meter) {

    public DefineMeterCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(meter, "meter");
    }
}
