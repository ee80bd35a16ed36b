package io.tally.application.port.in.alert.admin;

import io.tally.domain.access.Actor;
import java.util.Objects;

/** The tenant's channels for quota alerts. */
public record AlertChannelsQuery(Actor actor) {
    public AlertChannelsQuery {
        Objects.requireNonNull(actor, "actor");
    }
}
