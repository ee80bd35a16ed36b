package io.tally.application.port.out;

import io.tally.domain.audit.AuditEntry;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads the audit log, newest first. */
public interface AuditQueryPort {

    /**
     * Entries of the tenant matching every filter given, newest first, older than the cursor (an entry's
     * sequence number), at most {@code limit}.
     */
    List<Sequenced> find(TenantId tenant, Optional<String> action, Optional<String> actor, Optional<Instant> from, Optional<Instant> to,
                         Optional<Long> before, int limit);

    /** An entry and its place in the log. */
    record Sequenced(long sequence, AuditEntry entry) {
    }
}
