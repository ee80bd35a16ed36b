package io.tally.domain.privacy;

import io.tally.domain.common.ConflictException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A data subject's request about a customer, from receipt to its end: {@code received}, {@code in_progress}, then
 * {@code completed} or {@code rejected} (with the reason). It is due {@value #DUE_DAYS} days after receipt (GDPR Art.
 * 12(3): one month; the shorter reading of it), and overdue while open after that.
 */
public record PrivacyRequest(UUID id, CustomerId customer, RequestType type, Optional<String> note,
                             Optional<ProfileCorrection> changes, Status status, Instant receivedAt,
                             Instant dueAt, Optional<Instant> finishedAt, Optional<String> reason, String receivedBy) {

    public static final int DUE_DAYS = 30;
    public static final int NOTE_MAX_LENGTH = 1000;

    public enum Status {
        RECEIVED, IN_PROGRESS, COMPLETED, REJECTED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean isOpen() {
            return this == RECEIVED || this == IN_PROGRESS;
        }

        public static Status fromWireName(String name, String field) {
            for (Status status : values()) {
                if (status.wireName().equals(name)) {
                    return status;
                }
            }
            throw new InvalidValueException(field, "'" + name + "' is not a request status; they are received, in_progress, completed, rejected");
        }
    }

    public PrivacyRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(changes, "changes");
        if (changes.isPresent() != (type == RequestType.RECTIFICATION)) {
            throw new InvalidValueException("changes", type == RequestType.RECTIFICATION
                    ? "is required for a rectification: the profile fields to correct, such as {\"display_name\": \"Zofia Nowak\"}"
                    : "is taken only by a rectification");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(receivedBy, "receivedBy");
        if (note.filter(text -> text.isBlank() || text.length() > NOTE_MAX_LENGTH).isPresent()) {
            throw new InvalidValueException("note", "must be 1 to " + NOTE_MAX_LENGTH + " characters, or left out");
        }
        if (status.isOpen() == finishedAt.isPresent()) {
            throw new IllegalArgumentException("a request has a finish time exactly when it is completed or rejected");
        }
    }

    /** A request just received, due {@value #DUE_DAYS} days later. */
    public static PrivacyRequest receive(UUID id, CustomerId customer, RequestType type, Optional<String> note,
                                         Optional<ProfileCorrection> changes, String by, Instant at) {
        return new PrivacyRequest(id, customer, type, note, changes, Status.RECEIVED, at, at.plus(Duration.ofDays(DUE_DAYS)), Optional.empty(),
                Optional.empty(), by);
    }

    /** Whether it is still open past its due time. */
    public boolean isOverdue(Instant now) {
        return status.isOpen() && now.isAfter(dueAt);
    }

    /** The request being worked on (again, after a node stopped in it). */
    public PrivacyRequest start() {
        requireOpen();
        return new PrivacyRequest(id, customer, type, note, changes, Status.IN_PROGRESS, receivedAt, dueAt, Optional.empty(), Optional.empty(), receivedBy);
    }

    public PrivacyRequest complete(Instant at) {
        requireOpen();
        return new PrivacyRequest(id, customer, type, note, changes, Status.COMPLETED, receivedAt, dueAt, Optional.of(at), Optional.empty(), receivedBy);
    }

    /** Ended without being carried out, for {@code why} (the customer is erased already, the restriction was never in force). */
    public PrivacyRequest reject(String why, Instant at) {
        requireOpen();
        return new PrivacyRequest(id, customer, type, note, changes, Status.REJECTED, receivedAt, dueAt, Optional.of(at), Optional.of(why), receivedBy);
    }

    private void requireOpen() {
        if (!status.isOpen()) {
            throw new ConflictException("the request " + id + " is " + status.wireName() + " already");
        }
    }
}
