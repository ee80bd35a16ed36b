package io.tally.adapter.in.http.request;

import io.micronaut.http.HttpRequest;
import java.time.Instant;

/** When a request arrived (wall clock, for events) and how long it has taken (monotonic clock, for durations). */
public final class RequestTiming {

    private static final String STARTED_AT = "tally.request-started-at";
    private static final String STARTED_NANOS = "tally.request-started-nanos";

    private RequestTiming() {
    }

    public static void start(HttpRequest<?> request) {
        request.setAttribute(STARTED_AT, Instant.now());
        request.setAttribute(STARTED_NANOS, System.nanoTime());
    }

    public static Instant startedAt(HttpRequest<?> request) {
        return request.getAttribute(STARTED_AT, Instant.class).orElseGet(Instant::now);
    }

    public static long elapsedMillis(HttpRequest<?> request) {
        long started = request.getAttribute(STARTED_NANOS, Long.class).orElseGet(System::nanoTime);
        return (System.nanoTime() - started) / 1_000_000;
    }
}
