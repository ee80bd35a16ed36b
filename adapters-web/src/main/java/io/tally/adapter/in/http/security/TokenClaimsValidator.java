package io.tally.adapter.in.http.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import io.tally.application.port.in.token.ServiceTokenChecksUseCase;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;

/**
 * Tally's own checks on every token, on top of Micronaut's signature, issuer, expiry and not-before checks:
 * <ul>
 *   <li>{@code iss} must equal the configured issuer exactly (Micronaut's own check accepts any suffix of it);</li>
 *   <li>{@code exp} must be present (Micronaut only checks it when it is);</li>
 *   <li>{@code tenant} must be a valid tenant id;</li>
 *   <li>exactly one of the audiences {@code tally-api} (user) and {@code tally-internal} (service);</li>
 *   <li>user tokens only on /api/**, service tokens only on /internal/**;</li>
 *   <li>user tokens name their subject;</li>
 *   <li>a service token issued through the API ({@code jti}) has not been revoked.</li>
 * </ul>
 * A token failing any check does not authenticate, so a protected route answers 401.
 */
@Singleton
final class TokenClaimsValidator implements GenericJwtClaimsValidator<HttpRequest<?>> {

    private final String issuer;
    private final ServiceTokenChecksUseCase serviceTokens;
    private final Clock clock;

    TokenClaimsValidator(@Value("${micronaut.security.token.jwt.claims-validators.issuer}") String issuer,
                         ServiceTokenChecksUseCase serviceTokens, Clock clock) {
        this.issuer = issuer;
        this.serviceTokens = serviceTokens;
        this.clock = clock;
    }

    @Override
    public boolean validate(@NonNull Claims claims, @Nullable HttpRequest<?> request) {
        if (!issuer.equals(claims.get(Claims.ISSUER))) {
            return false;
        }
        if (claims.get(Claims.EXPIRATION_TIME) == null) {
            return false;
        }
        if (!(claims.get(TokenClaims.TENANT) instanceof String tenant) || !TenantId.isValid(tenant)) {
            return false;
        }
        Set<String> audiences = TokenClaims.audiences(claims.get(Claims.AUDIENCE));
        boolean user = audiences.contains(SecurityRoles.API_AUDIENCE);
        boolean service = audiences.contains(SecurityRoles.INTERNAL_AUDIENCE);
        if (user == service) {
            return false;
        }
        if (user && !(claims.get(Claims.SUBJECT) instanceof String subject && !subject.isBlank())) {
            return false;
        }
        return admits(service, tenant, claims.get("jti"), request);
    }

    /**
     * The checks that depend on the request or may change while the token is valid, made again on every request for a
     * token verified before ({@link CachedTokenValidator}): user tokens only on /api/**, service tokens only on
     * /internal/**, and a managed service token not revoked.
     */
    boolean admits(boolean service, String tenant, Object jti, @Nullable HttpRequest<?> request) {
        String path = request == null ? "" : request.getPath();
        if (isUnder(path, "/api") && service || isUnder(path, "/internal") && !service) {
            return false;
        }
        return !service || admitted(tenant, jti);
    }

    /** A service token with a UUID {@code jti} may be a managed one: refused once revoked, its use recorded. */
    private boolean admitted(String tenant, Object jti) {
        if (!(jti instanceof String id)) {
            return true;
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException notManaged) {
            return true;
        }
        return serviceTokens.admit(TenantId.of(tenant), uuid, clock.instant());
    }

    private static boolean isUnder(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
