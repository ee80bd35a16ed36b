package io.tally.application.port.out;

import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import java.util.Optional;

/** Keeps tenants and their settings. */
public interface TenantStorePort {

    Optional<Tenant> find(TenantId id);

    /**
     * Stores the tenant unless one with its id exists, and returns the stored one either way; safe when
     * two requests of a new tenant race.
     */
    Tenant createIfAbsent(Tenant candidate);

    /** Writes the tenant's current settings. */
    void saveSettings(Tenant tenant);
}
