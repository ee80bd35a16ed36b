package io.tally.domain.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a usage event may say it happened: not more than {@link #FUTURE_TOLERANCE} ahead of the receiving
 * clock (clocks drift), and not longer ago than the tenant's late-arrival window, beyond which figures
 * already reported and billed would change, or than it keeps events ({@code byRetention}: retention is shorter), since such
 * an event would only be deleted again.
 */
public record ArrivalWindow(int lateArrivalDays, boolean byRetention) {

    public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    public ArrivalWindow(int lateArrivalDays) {
        this(lateArrivalDays, false);
    }

    /** Why an event at {@code time}, received at {@code now}, falls outside the window; empty when it does not. */
    public Optional<String> problemWith(Instant time, Instant now) {
        if (time.isAfter(now.plus(FUTURE_TOLERANCE))) {
            return Optional.of("is more than 5 minutes in the future");
        }
        if (time.isBefore(now.minus(Duration.ofDays(lateArrivalDays)))) {
            return Optional.of(byRetention ? "is older than the tenant keeps usage events (retention.events_days: " + lateArrivalDays + " days)"
                    : "is older than the tenant's late-arrival window of " + lateArrivalDays + " days");
        }
        return Optional.empty();
    }
}
