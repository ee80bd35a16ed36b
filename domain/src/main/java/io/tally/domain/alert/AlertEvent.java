package io.tally.domain.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Something an alert did, as its history and the notifications list show it: a subject's transition, a test-fire (which
 * changes no state), or a customer crossing a plan limit's {@code alert_at_pct}. {@code notified} when notifications went
 * out for it; a transition of a muted rule, or one that does not notify, is recorded all the same. The rule's name and
 * severity are those it had then; {@code rule} is empty for a quota crossing, which belongs to a plan limit.
 *
 * @param id the event's id, also the {@code webhook-id} of its webhooks
 * @param value the value compared (empty: no data)
 * @param threshold the threshold it was compared with
 */
public record AlertEvent(UUID id, Kind kind, Optional<UUID> rule, String ruleName, Severity severity, AlertSubject subject, AlertState from,
                         AlertState to, Optional<BigDecimal> value, BigDecimal threshold, Instant at, boolean notified) {

    public enum Kind {
        TRANSITION, TEST, QUOTA;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public AlertEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(ruleName, "ruleName");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(at, "at");
    }

    /** Whether it tells that a firing alert is over. */
    public boolean resolves() {
        return from == AlertState.FIRING && to == AlertState.OK;
    }

    public boolean isTest() {
        return kind == Kind.TEST;
    }
}
