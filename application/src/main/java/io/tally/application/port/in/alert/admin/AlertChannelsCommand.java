package io.tally.application.port.in.alert.admin;

import io.tally.domain.access.Actor;
import io.tally.domain.delivery.Channel;
import java.util.List;
import java.util.Objects;

/** Set the tenant's channels for quota alerts (an empty list: record crossings without sending). */
public record AlertChannelsCommand(Actor actor, List<Channel> channels) {
    public AlertChannelsCommand {
        Objects.requireNonNull(actor, "actor");
        channels = List.copyOf(channels);
    }
}
