package io.tally.adapter.in.http.security;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.DefaultJwtAuthenticationFactory;
import io.micronaut.security.token.jwt.validator.JwtAuthenticationFactory;
import io.tally.domain.access.Role;
import jakarta.inject.Singleton;
import java.text.ParseException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a validated token into an Authentication whose roles are what @Secured checks: a user token's
 * roles with every role they include (an owner is also admin, manager, analyst and viewer), or a service
 * token's scopes as "scope:events:write" and so on. All claims stay available as attributes.
 */
@Singleton
@Replaces(DefaultJwtAuthenticationFactory.class)
final class TokenAuthenticationFactory implements JwtAuthenticationFactory {

    static final String SERVICE_SUBJECT = "service";

    private final VerifiedTokens verified;
    private final Clock clock;

    TokenAuthenticationFactory(VerifiedTokens verified, Clock clock) {
        this.verified = verified;
        this.clock = clock;
    }

    @Override
    public Optional<Authentication> createAuthentication(JWT token) {
        JWTClaimsSet claimsSet;
        try {
            claimsSet = token.getJWTClaimsSet();
        } catch (ParseException e) {
            return Optional.empty();
        }
        Map<String, Object> claims = claimsSet.getClaims();
        boolean service = TokenClaims.audiences(claims.get(TokenClaims.AUDIENCE)).contains(SecurityRoles.INTERNAL_AUDIENCE);
        String subject = claimsSet.getSubject();
        if (subject == null || subject.isBlank()) {
            if (!service) {
                return Optional.empty();
            }
            subject = SERVICE_SUBJECT;
        }
        List<String> granted = service ? scopes(claims) : roles(claims);
        Authentication authentication = Authentication.build(subject, granted, claims);
        // called once the token passed every check: the next requests with it need not verify it again
        if (token.getParsedString() != null && claimsSet.getExpirationTime() != null && claims.get(TokenClaims.TENANT) instanceof String tenant) {
            verified.remember(token.getParsedString(), new VerifiedTokens.Verified(authentication, service, tenant, claims.get("jti"),
                    claimsSet.getExpirationTime().toInstant()), clock.instant());
        }
        return Optional.of(authentication);
    }

    private static List<String> roles(Map<String, Object> claims) {
        Set<String> granted = new LinkedHashSet<>();
        for (String name : TokenClaims.strings(claims.get(TokenClaims.ROLES))) {
            Role.fromWireName(name).ifPresent(role -> role.withIncluded().forEach(r -> granted.add(r.wireName())));
        }
        return List.copyOf(granted);
    }

    private static List<String> scopes(Map<String, Object> claims) {
        return TokenClaims.strings(claims.get(TokenClaims.SCOPE)).stream()
                .map(scope -> SecurityRoles.SCOPE_PREFIX + scope)
                .distinct()
                .toList();
    }
}
