package io.tally.application.port.in.alert;

import io.tally.domain.access.Actor;
import io.tally.domain.alert.AlertRuleDefinition;
import java.util.Objects;

/** Define an alert rule. */
public record AlertCommand(Actor actor, AlertRuleDefinition definition) {
    public AlertCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(definition, "definition");
    }
}
