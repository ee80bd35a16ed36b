package io.tally.application.port.in.target;

import io.tally.domain.access.Actor;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.target.TargetAssessment;
import java.util.List;
import java.util.Optional;

/**
 * Where the targets of one figure stand: a metric's, for a customer (else the tenant), in a currency (money only),
 * each against its current period as projected by the forecast of the days it has left.
 */
public interface AssessTargetsUseCase {

    List<TargetAssessment> assessTargets(Actor actor, MetricKey metric, Optional<CustomerId> customer, Optional<CurrencyCode> currency);
}
