package io.tally.application.port.in.token;

import io.tally.domain.access.Actor;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Issues a service token: its name, its scopes as an OAuth {@code scope} string, and how long it lives (90 days when not given). */
public record IssueServiceTokenCommand(Actor actor, String name, String scope, Optional<Duration> ttl) {

    public IssueServiceTokenCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(ttl, "ttl");
    }
}
