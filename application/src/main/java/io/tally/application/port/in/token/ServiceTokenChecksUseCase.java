package io.tally.application.port.in.token;

import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.UUID;

/**
 * What a node checks on every service token that carries a {@code jti}: whether it was revoked (a deny-list read
 * from the database and held in memory), and its use, written back every few seconds.
 */
public interface ServiceTokenChecksUseCase {

    /** False when the token was revoked; otherwise records that it was used at {@code at}. */
    boolean admit(TenantId tenant, UUID jti, Instant at);

    /** Reads the deny-list again; the node's copy is never older than the interval this runs at. */
    void refreshRevocations();

    /** Writes the last use of the tokens used since the last call. */
    void recordUses();
}
