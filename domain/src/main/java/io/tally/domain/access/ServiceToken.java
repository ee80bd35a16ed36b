package io.tally.domain.access;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A service token Tally issued through the API: what it is called, what it may do, when it runs out, when it was
 * last used and whether it was revoked. The token itself is never kept; {@code jti} identifies it.
 */
public record ServiceToken(UUID jti, String name, Set<ServiceScope> scopes, Instant createdAt, String createdBy, Instant expiresAt,
                           Optional<Instant> lastUsedAt, Optional<Instant> revokedAt, Optional<String> revokedBy) {

    public static final int MAX_NAME_LENGTH = 100;
    public static final Duration MIN_TTL = Duration.ofMinutes(5);
    public static final Duration MAX_TTL = Duration.ofDays(730);
    public static final Duration DEFAULT_TTL = Duration.ofDays(90);

    /** Where a token stands at a moment. */
    public enum Status {
        ACTIVE, EXPIRED, REVOKED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ServiceToken {
        Objects.requireNonNull(jti, "jti");
        name = checkName(name);
        scopes = Set.copyOf(scopes);
        if (scopes.isEmpty()) {
            throw new InvalidValueException("scope", "needs at least one scope");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(revokedBy, "revokedBy");
        if (revokedAt.isPresent() != revokedBy.isPresent()) {
            throw new IllegalArgumentException("revokedAt and revokedBy go together");
        }
    }

    /** A new token, valid from {@code now} for {@code ttl} (5 minutes to 2 years). */
    public static ServiceToken issue(UUID jti, String name, Set<ServiceScope> scopes, Duration ttl, Instant now, String by) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new InvalidValueException("ttl", "must be from PT5M to P730D (2 years), not " + ttl);
        }
        return new ServiceToken(jti, name, scopes, now, by, now.plus(ttl), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Status status(Instant now) {
        if (revokedAt.isPresent()) {
            return Status.REVOKED;
        }
        return now.isBefore(expiresAt) ? Status.ACTIVE : Status.EXPIRED;
    }

    private static String checkName(String name) {
        String stripped = name == null ? null : name.strip();
        String problem = Text.labelProblem(stripped, MAX_NAME_LENGTH);
        if (problem != null) {
            throw new InvalidValueException("name", problem);
        }
        return stripped;
    }
}
