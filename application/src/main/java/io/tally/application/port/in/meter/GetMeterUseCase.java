package io.tally.application.port.in.meter;

import io.tally.domain.analytics.Meter;

/** One meter, built-in or the tenant's own. */
public interface GetMeterUseCase {

    Meter getMeter(GetMeterQuery query);
}
