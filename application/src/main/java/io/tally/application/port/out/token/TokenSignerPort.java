package io.tally.application.port.out.token;

import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Signs service tokens the way the service verifies them. */
public interface TokenSignerPort {

    /**
     * A signed service token (audience tally-internal) with these claims; empty when this deployment holds no signing
     * key (it only verifies tokens of an external JWKS).
     */
    Optional<String> serviceToken(TenantId tenant, String subject, UUID jti, String scope, Instant issuedAt, Instant expiresAt);
}
