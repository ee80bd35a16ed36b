package io.tally.application.port.in.meter;

import io.tally.domain.analytics.Meter;

/** Replaces the definition of one of the tenant's own meters; built-in meters cannot be changed. */
public interface ChangeMeterUseCase {

    Meter changeMeter(ChangeMeterCommand command);
}
