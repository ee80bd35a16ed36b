package io.tally.adapter.in.http.request;

import io.micronaut.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;

/**
 * When a request arrived (on the application's {@link Clock}, for events) and how long it has taken (monotonic
 * clock, for durations).
 */
public final class RequestTiming {

    private static final String STARTED_AT = "tally.request-started-at";
    private static final String STARTED_NANOS = "tally.request-started-nanos";

    private RequestTiming() {
    }

    public static void start(HttpRequest<?> request, Clock clock) {
        request.setAttribute(STARTED_AT, clock.instant());
        request.setAttribute(STARTED_NANOS, System.nanoTime());
    }

    /** When the request arrived; now on the clock when {@link #start} never saw it. */
    public static Instant startedAt(HttpRequest<?> request, Clock clock) {
        return request.getAttribute(STARTED_AT, Instant.class).orElseGet(clock::instant);
    }

    public static long elapsedMillis(HttpRequest<?> request) {
        long started = request.getAttribute(STARTED_NANOS, Long.class).orElseGet(System::nanoTime);
        return (System.nanoTime() - started) / 1_000_000;
    }
}
