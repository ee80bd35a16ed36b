package io.tally.domain.schedule;

import io.tally.domain.delivery.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A run's delivery to one of its channels (the {@code position}-th of the schedule's), with every attempt: {@code pending}
 * until an attempt succeeds ({@code succeeded}) or the retries are used up ({@code failed}).
 */
public record Delivery(UUID id, UUID runId, int position, Channel channel, Status status, List<Attempt> attempts, Optional<Instant> nextAttemptAt) {

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
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(status, "status");
        attempts = List.copyOf(attempts);
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    }

    /** The delivery of a run to its {@code position}-th channel: the same id however often the run is made. */
    public static UUID idOf(UUID runId, int position) {
        return UUID.nameUUIDFromBytes((runId + "#" + position).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
