package io.tally.adapter.in.http.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.reactivestreams.Publisher;

/**
 * Answers a token this node verified before ({@link VerifiedTokens}) without parsing and verifying it again; runs
 * before Micronaut's JWT validator, which handles every other token (and then, through
 * {@link TokenAuthenticationFactory}, remembers it). The checks that depend on the request or may change since
 * ({@link TokenClaimsValidator#admits}: the token's audience for the path, a managed service token's revocation) run
 * on every request; when they refuse, this validator gives nothing and the full validation runs and refuses too.
 */
@Singleton
final class CachedTokenValidator implements TokenValidator<HttpRequest<?>> {

    private final VerifiedTokens tokens;
    private final TokenClaimsValidator claims;
    private final Clock clock;

    CachedTokenValidator(VerifiedTokens tokens, TokenClaimsValidator claims, Clock clock) {
        this.tokens = tokens;
        this.claims = claims;
        this.clock = clock;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        return tokens.find(token, clock.instant())
                .filter(verified -> claims.admits(verified.service(), verified.tenant(), verified.jti(), request))
                .map(verified -> {
                    tokens.used();
                    return Publishers.just(verified.authentication());
                })
                .orElseGet(Publishers::empty);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
