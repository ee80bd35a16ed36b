package io.tally.domain.usage;

import io.tally.domain.customer.CustomerId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An immutable fact: "customer {@code subject} did {@code type} at {@code time}", with its data. Unique per
 * tenant by its {@link EventKey}. {@code subject} is absent only for tenant-level events that Tally records
 * itself (API calls made with staff tokens). {@code timeGiven} tells whether the sender stated the time or
 * it was the time of receipt.
 */
public record UsageEvent(EventKey key, EventType type, Optional<CustomerId> subject, Instant time, boolean timeGiven,
                         EventData data) {

    public UsageEvent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /**
     * A digest of the event's content as sent (type, subject, time if stated, data), so that a resent event
     * can be told apart: the same fingerprint is a duplicate, another one a conflict. The time of receipt is
     * left out, so resending an event without a time is still a duplicate.
     */
    public UUID fingerprint() {
        String canonical = type.value() + '\u0000' + subject.map(CustomerId::value).orElse("") + '\u0000'
                + (timeGiven ? time.toString() : "") + '\u0000' + data.canonical();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            ByteBuffer bytes = ByteBuffer.wrap(digest);
            return new UUID(bytes.getLong(), bytes.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
