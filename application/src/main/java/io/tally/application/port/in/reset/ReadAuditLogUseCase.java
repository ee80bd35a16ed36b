package io.tally.application.port.in.reset;

import io.tally.application.port.in.Page;
import io.tally.application.port.out.AuditQueryPort;

/** The tenant's audit log, for admins. */
public interface ReadAuditLogUseCase {

    Page<AuditQueryPort.Sequenced> readAuditLog(AuditLogQuery query);
}
