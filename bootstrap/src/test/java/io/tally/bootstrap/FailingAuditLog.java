package io.tally.bootstrap;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.tally.application.port.out.AuditLogPort;
import io.tally.domain.audit.AuditEntry;
import jakarta.inject.Singleton;

/** An audit log whose store is down, for proving that a failed audit write rolls back the change it records. */
@Singleton
@Requires(property = "tally.test.failing-audit", value = "true")
@Replaces(AuditLogPort.class)
class FailingAuditLog implements AuditLogPort {

    @Override
    public void append(AuditEntry entry) {
        throw new IllegalStateException("audit store unavailable: secret-internal-detail");
    }
}
