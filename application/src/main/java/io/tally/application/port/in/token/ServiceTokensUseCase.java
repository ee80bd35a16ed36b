package io.tally.application.port.in.token;

import io.tally.application.port.in.Page;
import io.tally.domain.access.Actor;
import io.tally.domain.access.ServiceToken;
import java.util.Optional;
import java.util.UUID;

/** Service tokens issued, listed and revoked through the API (admin and above), every change audited. */
public interface ServiceTokensUseCase {

    /** Signs a new service token; 422 when this deployment has no signing secret (it only verifies tokens from a JWKS). */
    IssuedServiceToken issue(IssueServiceTokenCommand command);

    /** The tenant's tokens, newest first, {@code limit} at a time after the given one. */
    Page<ServiceToken> list(Actor actor, int limit, Optional<UUID> after);

    /** Revokes a token: every node refuses it within seconds. 404 when it is not the tenant's, 409 when already revoked. */
    ServiceToken revoke(Actor actor, UUID jti);
}
