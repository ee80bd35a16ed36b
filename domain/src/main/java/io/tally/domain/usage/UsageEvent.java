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

    /** A SHA-256 digest to clone: cloning skips the provider lookup of MessageDigest.getInstance. */
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

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
        return fingerprint(data.canonicalJson());
    }

    /** The fingerprint, given the data's canonical JSON (computed once when the caller also needs it). */
    UUID fingerprint(String canonicalData) {
        StringBuilder canonical = new StringBuilder(64 + canonicalData.length()).append(type.value()).append('\u0000')
                .append(subject.map(CustomerId::value).orElse("")).append('\u0000');
        if (timeGiven) {
            canonical.append(time.getEpochSecond()).append('.').append(time.getNano());
        }
        canonical.append('\u0000').append(canonicalData);
        try {
            MessageDigest sha256 = (MessageDigest) SHA_256.clone();
            ByteBuffer bytes = ByteBuffer.wrap(sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
            return new UUID(bytes.getLong(), bytes.getLong());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }
}
