package io.tally.application.port.in.meter;

import io.tally.domain.access.Actor;
import io.tally.domain.analytics.MeterKey;
import java.util.Objects;

public record GetMeterQuery(Actor actor, MeterKey key) {

    public GetMeterQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(key, "key");
    }
}
