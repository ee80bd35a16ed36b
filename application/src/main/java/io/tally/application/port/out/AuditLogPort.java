package io.tally.application.port.out;

import io.tally.domain.audit.AuditEntry;

/** The append-only audit log. There is no way to change or remove an entry. */
public interface AuditLogPort {

    void append(AuditEntry entry);
}
