package io.tally.application.port.in.alert;

import io.tally.domain.access.Actor;
import java.util.Objects;
import java.util.UUID;

/** Do something to one alert rule: delete it, test-fire it. */
public record AlertIdCommand(Actor actor, UUID id) {
    public AlertIdCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
    }
}
