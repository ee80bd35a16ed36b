package io.tally.application.port.in.target;

import io.tally.domain.target.MetricTarget;
import java.util.List;

/** Sets a metric's targets (manager and above), audited. */
public interface SetTargetsUseCase {

    List<MetricTarget> setTargets(SetTargetsCommand command);
}
