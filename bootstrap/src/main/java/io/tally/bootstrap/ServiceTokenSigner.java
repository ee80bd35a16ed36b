package io.tally.bootstrap;

import io.micronaut.context.annotation.Value;
import io.tally.application.port.out.token.TokenSignerPort;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Signs managed service tokens with the service's HS256 secret; none when the deployment verifies a JWKS only. */
@Singleton
class ServiceTokenSigner implements TokenSignerPort {

    private final Optional<TokenMinter> minter;

    ServiceTokenSigner(@Value("${micronaut.security.token.jwt.signatures.secret.tally.secret:}") String secret,
                       @Value("${micronaut.security.token.jwt.claims-validators.issuer}") String issuer) {
        this.minter = secret.isBlank() ? Optional.empty() : Optional.of(new TokenMinter(secret, issuer));
    }

    @Override
    public Optional<String> serviceToken(TenantId tenant, String subject, UUID jti, String scope, Instant issuedAt, Instant expiresAt) {
        return minter.map(m -> m.managedServiceToken(tenant.value(), subject, jti, scope, issuedAt, expiresAt));
    }
}
