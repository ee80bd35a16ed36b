package io.tally.application.port.in;

import io.tally.domain.tenant.Tenant;

/** Replaces the caller's tenant settings and writes what changed to the audit log, atomically. */
public interface UpdateTenantSettingsUseCase {

    Tenant updateSettings(UpdateTenantSettingsCommand command);
}
