package io.tally.application.port.in.reset;

import io.tally.domain.access.Actor;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Audit entries matching every filter given, newest first, older than the cursor. */
public record AuditLogQuery(Actor actor, Optional<String> action, Optional<String> actorName, Optional<Instant> from, Optional<Instant> to,
                            Optional<Long> before, int limit) {

    public static final int MAX_LIMIT = 500;

    public AuditLogQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actorName, "actorName");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(before, "before");
    }
}
