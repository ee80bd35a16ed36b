package io.tally.application.port.out;

import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A tenant's own meters. */
public interface MeterStorePort {

    Optional<Meter> find(TenantId tenant, MeterKey key);

    /** The meter, locked until the surrounding transaction ends, so that changes to it follow one another. */
    Optional<Meter> findForUpdate(TenantId tenant, MeterKey key);

    /** The tenant's meters, by key. */
    List<Meter> list(TenantId tenant);

    /** Stores a new meter; false when the tenant already has one with its key. */
    boolean create(TenantId tenant, Meter meter, Instant now);

    /** Replaces a meter's definition; false when there is none with its key. */
    boolean update(TenantId tenant, Meter meter, Instant now);

    /** Removes a meter; false when there is none with the key. */
    boolean delete(TenantId tenant, MeterKey key);
}
