package io.tally.application.port.in.meter;

import io.tally.domain.analytics.Meter;
import java.util.List;

/** Every meter the tenant can use: the built-in ones, then its own, by key. */
public interface ListMetersUseCase {

    List<Meter> listMeters(ListMetersQuery query);
}
