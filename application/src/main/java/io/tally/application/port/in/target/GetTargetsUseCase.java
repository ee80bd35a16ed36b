package io.tally.application.port.in.target;

import io.tally.domain.access.Actor;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.target.TargetAssessment;
import java.util.List;

/** A metric's targets, each with where it stands for its current period (viewer and above; a customer-scoped token sees its customers' only). */
public interface GetTargetsUseCase {

    List<TargetAssessment> getTargets(Actor actor, MetricKey metric);
}
