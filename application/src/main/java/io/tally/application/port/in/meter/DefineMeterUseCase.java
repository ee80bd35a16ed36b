package io.tally.application.port.in.meter;

import io.tally.domain.analytics.Meter;

/** Defines a meter of the tenant's own: its key must be new and not a built-in one's. */
public interface DefineMeterUseCase {

    Meter defineMeter(DefineMeterCommand command);
}
