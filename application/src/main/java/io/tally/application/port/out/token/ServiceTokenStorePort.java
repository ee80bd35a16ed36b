package io.tally.application.port.out.token;

import io.tally.domain.access.ServiceToken;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The service tokens issued through the API, and the deny-list of those revoked. */
public interface ServiceTokenStorePort {

    void insert(TenantId tenant, ServiceToken token);

    Optional<ServiceToken> find(TenantId tenant, UUID jti);

    /** Up to {@code limit} tokens, newest first, after the token {@code after} (in that order). */
    List<ServiceToken> page(TenantId tenant, int limit, Optional<UUID> after);

    /** Tokens neither revoked nor expired at {@code now}. */
    int countActive(TenantId tenant, Instant now);

    /** Marks a token revoked; false when it was already. */
    boolean revoke(TenantId tenant, UUID jti, Instant at, String by);

    /** Every revoked token of every tenant that has not expired by {@code now}: what nodes must refuse. */
    Set<Used> revoked(Instant now);

    /** Moves each token's last use on to the given time (never back). Unknown tokens are ignored. */
    void recordUses(Map<Used, Instant> uses);

    /** A token of a tenant. */
    record Used(TenantId tenant, UUID jti) {
    }
}
