package io.tally.application.port.in.privacy;

import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The job runner's side of privacy requests. */
public interface RunPrivacyRequestsUseCase {

    /**
     * Carries out a request, once: a request that ended already is left as it is; one a stopped node left in progress is
     * taken up again. Requests about one customer are carried out one at a time: while another is, this one answers when
     * to try again.
     */
    Optional<Instant> runPrivacyRequest(TenantId tenant, UUID id);

    /** Hands every open request that has no job to the job runner, and deletes the access files whose time ran out; how many of each. */
    int sweepPrivacyRequests();
}
