package io.tally.application.port.in;

import io.tally.domain.tenant.TenantId;
import io.tally.domain.usage.UsageEvent;
import java.util.List;
import java.util.Objects;

public record RecordUsageCommand(TenantId tenant, List<UsageEvent> events) {

    public RecordUsageCommand {
        Objects.requireNonNull(tenant, "tenant");
        events = List.copyOf(events);
    }
}
