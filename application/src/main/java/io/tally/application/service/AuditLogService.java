package io.tally.application.service;

import io.tally.application.port.in.Page;
import io.tally.application.port.in.reset.AuditLogQuery;
import io.tally.application.port.in.reset.ReadAuditLogUseCase;
import io.tally.application.port.out.AuditQueryPort;
import io.tally.application.service.bulk.BulkActions;
import io.tally.domain.common.InvalidValueException;
import java.util.Objects;

/** The audit log for admins: filtered by action, actor and time, newest first, a page at a time. It can only be read. */
public final class AuditLogService implements ReadAuditLogUseCase {

    private final AuditQueryPort log;
    private final TenantService tenants;

    public AuditLogService(AuditQueryPort log, TenantService tenants) {
        this.log = Objects.requireNonNull(log, "log");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
    }

    @Override
    public Page<AuditQueryPort.Sequenced> readAuditLog(AuditLogQuery query) {
        BulkActions.requireAdmin(query.actor());
        if (query.limit() < 1 || query.limit() > AuditLogQuery.MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be between 1 and " + AuditLogQuery.MAX_LIMIT);
        }
        if (query.from().isPresent() && query.to().isPresent() && !query.to().get().isAfter(query.from().get())) {
            throw new InvalidValueException("to", "must be after from");
        }
        tenants.current(query.actor().tenant());
        return Page.fromLookahead(log.find(query.actor().tenant(), query.action(), query.actorName(), query.from(), query.to(), query.before(),
                query.limit() + 1), query.limit());
    }
}
