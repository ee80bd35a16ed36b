package io.tally.application.port.out.alert;

import io.tally.domain.alert.AlertEvent;
import io.tally.domain.alert.AlertRule;
import io.tally.domain.alert.AlertSubject;
import io.tally.domain.alert.Severity;
import io.tally.domain.alert.SubjectState;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.delivery.Channel;
import io.tally.domain.delivery.Delivery;
import io.tally.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Alert rules, each subject's state, the events (transitions, test-fires, quota crossings) and their notifications with
 * every attempt: the outbox that an event is written into with its notifications, in one transaction.
 */
public interface AlertStorePort {

    void create(TenantId tenant, AlertRule rule);

    Optional<AlertRule> find(TenantId tenant, UUID id);

    /** The rule, its row locked until the surrounding transaction ends (one evaluation of a rule at a time). */
    Optional<AlertRule> findForUpdate(TenantId tenant, UUID id);

    /** At most {@code limit} rules after {@code after}, in id order. */
    List<AlertRule> list(TenantId tenant, Optional<UUID> after, int limit);

    void update(TenantId tenant, AlertRule rule);

    /** Deletes a rule with its states (its events stay, as history); false when there was none. */
    boolean delete(TenantId tenant, UUID id);

    /** Every tenant's enabled rules (to arm evaluations a node may have failed to arm). */
    List<Enabled> enabled();

    record Enabled(TenantId tenant, AlertRule rule) {
    }

    /** The rule's state per subject, with the value last compared and when. */
    List<StoredState> states(TenantId tenant, UUID rule);

    record StoredState(AlertSubject subject, SubjectState state, Optional<BigDecimal> value, Instant evaluatedAt) {
    }

    /** Replaces the rule's states with these, and records the evaluation's time and error (none: it succeeded). */
    void saveStates(TenantId tenant, UUID rule, List<StoredState> states, Instant at);

    /** Records a failed evaluation (the states stay as they were). */
    void recordFailure(TenantId tenant, UUID rule, Instant at, String error);

    /** When the rule was last evaluated and its error then (empty: it succeeded). */
    Optional<LastEvaluation> lastEvaluation(TenantId tenant, UUID rule);

    record LastEvaluation(Instant at, Optional<String> error) {
    }

    /** Stores the event and its notifications (one per channel, pending), in the caller's transaction. */
    void addEvent(TenantId tenant, AlertEvent event, List<Delivery> notifications);

    Optional<AlertEvent> findEvent(TenantId tenant, UUID id);

    /** At most {@code limit} events of a rule, newest first, before the cursor. */
    List<AlertEvent> history(TenantId tenant, UUID rule, Optional<EventCursor> before, int limit);

    /** At most {@code limit} notified events (and test-fires) matching the filter, newest first, before the cursor. */
    List<AlertEvent> notifiedEvents(TenantId tenant, EventFilter filter, Optional<EventCursor> before, int limit);

    record EventCursor(Instant at, UUID id) {
    }

    /** Which notified events: of a severity, a rule, a subject ({@code tenant} or a customer's id), in [from, to). */
    record EventFilter(Optional<Severity> severity, Optional<UUID> rule, Optional<String> subject, Optional<Instant> from,
                       Optional<Instant> to) {
    }

    /** The notifications of an event, in channel order, with their attempts. */
    List<Delivery> notifications(TenantId tenant, UUID event);

    Optional<Delivery> findNotification(TenantId tenant, UUID id);

    /** Records an attempt of a notification, its status after it, and when the next is due. */
    void recordAttempt(TenantId tenant, UUID notification, Delivery.Attempt attempt, Delivery.Status status, Optional<Instant> next);

    /** Every tenant's pending notifications due before {@code before} (the outbox a sweep hands to the job runner). */
    List<Pending> pendingNotifications(Instant before, int limit);

    record Pending(TenantId tenant, UUID notification, Instant due) {
    }

    /** The tenant's channels for quota alerts (empty: none set, and crossings are recorded without notifications). */
    List<Channel> defaultChannels(TenantId tenant);

    void saveDefaultChannels(TenantId tenant, List<Channel> channels);

    /**
     * Records that the customer reached {@code pct} % of its limit of the meter in the limit period starting at
     * {@code periodStart}, as the event {@code event}; false when that was recorded already (once per period and share).
     */
    boolean recordQuotaCrossing(TenantId tenant, CustomerId customer, String meter, Instant periodStart, int pct, UUID event);

    /** The tenants with a plan limit that has {@code alert_at_pct}. */
    List<TenantId> tenantsWithQuotaAlerts();
}
