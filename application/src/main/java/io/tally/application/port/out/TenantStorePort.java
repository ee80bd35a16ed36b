package io.tally.application.port.out;

import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import java.util.Optional;

/** Keeps tenants and their settings. */
public interface TenantStorePort {

    Optional<Tenant> find(TenantId id);

    /**
     * The tenant, its row locked until the surrounding transaction ends, so that a change computed from it
     * (and the audit entry describing the change) cannot interleave with another change.
     */
    Optional<Tenant> findForUpdate(TenantId id);

    /**
     * Stores the tenant unless one with its id exists, and returns the stored one either way; safe when
     * two requests of a new tenant race.
     */
    Tenant createIfAbsent(Tenant candidate);

    /** Writes the tenant's current settings. */
    void saveSettings(Tenant tenant);

    /** The tenant's webhook signing secret ({@code whsec_…}), when one was made. */
    Optional<String> webhookSecret(TenantId id);

    /** Stores the tenant's webhook signing secret, replacing the one before. */
    void saveWebhookSecret(TenantId id, String secret);
}
