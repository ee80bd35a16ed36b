package io.tally.application.port.in.metric;

import io.tally.domain.access.Actor;
import io.tally.domain.metric.MetricDraft;
import java.util.Objects;

/** A metric definition to store (define or change), by whom; what it leaves out gets defaults. */
public record MetricCommand(Actor actor, MetricDraft draft) {

    public MetricCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(draft, "draft");
    }
}
