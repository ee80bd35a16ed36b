package io.tally.adapter.in.http.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens this node has verified (signature, issuer, expiry, not-before, tenant, audience), with the
 * {@link Authentication} they gave, kept by their exact text until they expire and for at most
 * {@value #LONGEST_MINUTES} minutes: a caller that sends the same token again (a service, a console) is not parsed
 * and verified again on every request. What depends on the request or may change (the path a token may be used on, a
 * managed service token's revocation) is still checked on every request ({@link CachedTokenValidator}). At most
 * {@value #MAX_TOKENS} tokens are kept; when that many are, the cache starts again empty. The longest time bounds how
 * long a token signed by a key that left the JWKS stays accepted.
 */
@Singleton
final class VerifiedTokens {

    static final int MAX_TOKENS = 10_000;
    static final long LONGEST_MINUTES = 5;

    /** A verified token: what it authenticates as, what the per-request checks read, and until when it is kept. */
    record Verified(Authentication authentication, boolean service, String tenant, Object jti, Instant until) {
    }

    private final ConcurrentHashMap<String, Verified> byToken = new ConcurrentHashMap<>();
    private final Counter verifiedCount;
    private final Counter cachedCount;

    /** Counts {@code tally_token_verifications_total{result="verified"|"cached"}}: how often the cache spared a verification. */
    VerifiedTokens(MeterRegistry registry) {
        String description = "Tokens accepted: verified in full, or found verified before (see VerifiedTokens)";
        this.verifiedCount = Counter.builder("tally.token.verifications").tag("result", "verified").description(description).register(registry);
        this.cachedCount = Counter.builder("tally.token.verifications").tag("result", "cached").description(description).register(registry);
    }

    /** Keeps a token that was just verified, until {@code expiry} and for at most the longest time from {@code now}. */
    void remember(String token, Verified verified, Instant now) {
        Instant longest = now.plus(Duration.ofMinutes(LONGEST_MINUTES));
        Verified kept = verified.until().isAfter(longest)
                ? new Verified(verified.authentication(), verified.service(), verified.tenant(), verified.jti(), longest) : verified;
        verifiedCount.increment();
        if (byToken.size() >= MAX_TOKENS) {
            byToken.clear();
        }
        byToken.put(token, kept);
    }

    /** The token's verification if it is kept and still good at {@code now}. */
    Optional<Verified> find(String token, Instant now) {
        Verified verified = byToken.get(token);
        if (verified == null) {
            return Optional.empty();
        }
        if (!now.isBefore(verified.until())) {
            byToken.remove(token, verified);
            return Optional.empty();
        }
        return Optional.of(verified);
    }

    /** Counts a request that a kept token authenticated. */
    void used() {
        cachedCount.increment();
    }

    int size() {
        return byToken.size();
    }
}
