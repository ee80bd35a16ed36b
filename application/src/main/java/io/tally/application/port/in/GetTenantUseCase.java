package io.tally.application.port.in;

import io.tally.domain.tenant.Tenant;

/** Reads the caller's tenant, creating it with default settings on first use. */
public interface GetTenantUseCase {

    Tenant getTenant(GetTenantQuery query);
}
