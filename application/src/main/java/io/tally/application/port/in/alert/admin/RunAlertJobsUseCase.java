package io.tally.application.port.in.alert.admin;

import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** What the job runner does for alerts; each step is safe to run again after a node stopped in it. */
public interface RunAlertJobsUseCase {

    /** Evaluates the rule now and answers when it is due next (empty: it is gone or disabled). */
    Optional<Instant> evaluateRule(TenantId tenant, UUID rule);

    /** One attempt of a notification; answers when the next is due (empty: done). */
    Optional<Instant> attemptNotification(TenantId tenant, UUID notification);

    /** Hands pending notifications to the job runner (those whose queueing was lost) and arms rules that have no evaluation. */
    int sweep();


    /**
     * Checks each customer's use of every plan limit with {@code alert_at_pct}: a share reached for the first time in the
     * limit period makes a quota event, notified through the tenant's alert channels. Answers how many were new.
     */
    int checkQuotaAlerts();
}
