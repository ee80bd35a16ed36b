package io.tally.domain.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The delivery of something to one of its channels (the {@code position}-th): a schedule's run, or an alert event's
 * notification ({@code source} is the run's or the event's id); with every attempt: {@code pending} until an attempt
 * succeeds ({@code succeeded}) or the retries are used up ({@code failed}).
 */
public record Delivery(UUID id, UUID source, int position, Channel channel, Status status, List<Attempt> attempts, Optional<Instant> nextAttemptAt) {

    public enum Status {
        PENDING, SUCCEEDED, FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean isFinished() {
            return this != PENDING;
        }

        public static Status fromWireName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * One attempt: when, whether it succeeded, what the other side answered ({@code reply}: the SMTP reply, or the HTTP
     * status), the error in words, and how long it took.
     */
    public record Attempt(int number, Instant at, boolean succeeded, Optional<String> reply, Optional<String> error, Duration duration) {

        public Attempt {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(duration, "duration");
        }
    }

    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(status, "status");
        attempts = List.copyOf(attempts);
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    }

    /** The delivery of a run or an event to its {@code position}-th channel: the same id however often it is made. */
    public static UUID idOf(UUID source, int position) {
        return UUID.nameUUIDFromBytes((source + "#" + position).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
