package io.tally.application.port.out.privacy;

import io.tally.domain.tenant.TenantId;
import java.util.UUID;

/** Runs privacy requests as cluster-safe jobs: each once, on whichever node picks it. */
public interface PrivacyJobsPort {

    /** Queues the request's job now, unless it is queued already. */
    void queueRequest(TenantId tenant, UUID request);
}
