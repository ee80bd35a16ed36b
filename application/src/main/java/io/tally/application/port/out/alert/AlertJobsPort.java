package io.tally.application.port.out.alert;

import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.UUID;

/** The cluster-safe job runner for alerts: a rule's evaluations and its notifications' attempts, each once on one node. */
public interface AlertJobsPort {

    /** The rule's next evaluation at {@code at}, replacing the one it had. */
    void armEvaluation(TenantId tenant, UUID rule, Instant at);

    /** The rule's next evaluation at {@code at} unless one is armed (or running); answers whether it armed it. */
    boolean armEvaluationIfAbsent(TenantId tenant, UUID rule, Instant at);

    /** No more evaluations of the rule (one already running finishes). */
    void disarmEvaluation(UUID rule);

    /** The notification's next attempt at {@code at}; once, however often it is asked. */
    void queueNotification(TenantId tenant, UUID notification, Instant at);
}
