package io.tally.domain.audit;

import io.tally.domain.access.Actor;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One append-only line of the audit log: who ({@code actor}, the token subject) did what ({@code action},
 * such as {@code tenant.settings.updated}) to what ({@code target}), when, in which request, with details.
 * Detail values are strings, numbers, booleans, lists or maps of those.
 */
public record AuditEntry(TenantId tenant, Instant occurredAt, String actor, String action, String target,
                         Map<String, Object> details, String requestId) {

    public AuditEntry {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        Objects.requireNonNull(requestId, "requestId");
    }

    public static AuditEntry of(Actor actor, Instant occurredAt, String action, String target, Map<String, Object> details) {
        return new AuditEntry(actor.tenant(), occurredAt, actor.subject(), action, target, details, actor.requestId());
    }
}
