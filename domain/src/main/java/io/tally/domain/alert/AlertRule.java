package io.tally.domain.alert;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A tenant's alert rule: its definition, version (1 when made, one more per change), and who made and last changed it
 * when.
 */
public record AlertRule(UUID id, AlertRuleDefinition definition, int version, String createdBy, Instant createdAt, String updatedBy,
                        Instant updatedAt) {

    public AlertRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedBy, "updatedBy");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public static AlertRule create(UUID id, AlertRuleDefinition definition, String by, Instant at) {
        return new AlertRule(id, definition, 1, by, at, by, at);
    }

    /** The rule with a new definition, one version on. */
    public AlertRule change(AlertRuleDefinition next, String by, Instant at) {
        return new AlertRule(id, next, version + 1, createdBy, createdAt, by, at);
    }
}
