package io.tally.application.service.delivery;

import io.tally.application.port.out.operations.OperationsTelemetryPort;
import io.tally.application.port.out.delivery.DeliveryOutcome;
import io.tally.domain.delivery.Delivery;
import io.tally.domain.delivery.RetryBackoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One attempt of a delivery (a schedule run's, an alert's notification), timed and judged the same way for both: an
 * unexpected error is a failure in words, a refusal is not retried, and {@link RetryBackoff} says when the next attempt is
 * due or that there is none (then the delivery has {@code failed}).
 */
public final class DeliveryAttempts {

    private final String kind;
    private final RetryBackoff backoff;
    private final OperationsTelemetryPort telemetry;
    private final Clock clock;

    /** Attempts of one kind of delivery ("schedule" or "alert", as the metrics name it). */
    public DeliveryAttempts(String kind, RetryBackoff backoff, OperationsTelemetryPort telemetry, Clock clock) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The attempt as recorded, the delivery's status after it, when the next is due, and what the other side said. */
    public record Tried(Delivery.Attempt attempt, Delivery.Status status, Optional<Instant> next, DeliveryOutcome outcome) {
    }

    /** Makes the {@code number}-th attempt with {@code send} over a channel of type {@code channel}. */
    public Tried attempt(int number, String channel, Supplier<DeliveryOutcome> send) {
        Instant started = clock.instant();
        long nanos = System.nanoTime();
        DeliveryOutcome outcome;
        try {
            outcome = send.get();
        } catch (RuntimeException unexpected) {
            outcome = DeliveryOutcome.failure(null, describe(unexpected));
        }
        Instant now = clock.instant();
        Delivery.Attempt attempt = new Delivery.Attempt(number, started, outcome.succeeded(), outcome.reply(), outcome.error(),
                Duration.ofNanos(System.nanoTime() - nanos).truncatedTo(ChronoUnit.MILLIS));
        Optional<Duration> wait = outcome.succeeded() || outcome.permanent() ? Optional.empty() : backoff.after(number);
        Delivery.Status status = outcome.succeeded() ? Delivery.Status.SUCCEEDED : wait.isPresent() ? Delivery.Status.PENDING : Delivery.Status.FAILED;
        telemetry.deliveryAttempted(kind, channel, status);
        return new Tried(attempt, status, wait.map(now::plus), outcome);
    }

    /** An error in words: its kind and message. */
    public static String describe(Throwable error) {
        return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }
}
