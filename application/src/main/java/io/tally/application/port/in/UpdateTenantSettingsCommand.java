package io.tally.application.port.in;

import io.tally.domain.access.Actor;
import io.tally.domain.tenant.TenantSettings;
import java.util.Objects;

public record UpdateTenantSettingsCommand(Actor actor, TenantSettings settings) {

    public UpdateTenantSettingsCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(settings, "settings");
    }
}
