package io.tally.application.port.in.alert;

import io.tally.domain.access.Actor;
import io.tally.domain.alert.AlertRuleDefinition;
import java.util.Objects;
import java.util.UUID;

/** Replace an alert rule's definition (its states are kept for the subjects it still watches). */
public record ChangeAlertCommand(Actor actor, UUID id, AlertRuleDefinition definition) {
    public ChangeAlertCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(definition, "definition");
    }
}
