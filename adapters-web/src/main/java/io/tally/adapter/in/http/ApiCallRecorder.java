package io.tally.adapter.in.http;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteMatch;
import io.tally.adapter.in.http.request.RequestIds;
import io.tally.adapter.in.http.request.RequestTiming;
import io.tally.adapter.in.http.security.Actors;
import io.tally.application.port.in.RecordUsageCommand;
import io.tally.application.port.in.RecordUsageUseCase;
import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.usage.EventData;
import io.tally.domain.usage.EventKey;
import io.tally.domain.usage.EventType;
import io.tally.domain.usage.UsageEvent;
import jakarta.annotation.PreDestroy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every authenticated request to /api/** as an {@code api.call} usage event of its tenant, and of
 * its customer when the token is customer-scoped: source {@code tally}, data {@code method}, {@code route}
 * (the route template, such as /api/v1/customers/{externalId}), {@code status} and {@code duration_ms}.
 *
 * <p>Recording never blocks or fails a request: the filter only queues the event (up to
 * {@value #CAPACITY}; beyond that events are dropped and counted), and a background task writes the queue
 * every second ({@code tally.api-calls.flush-interval}) in batches of up to {@value #BATCH}. When a write
 * fails (the database is down), its events go back to the front of the queue and writing pauses, for 1, 2,
 * 4 ... up to 60 seconds. Closing the application (graceful shutdown) writes what is left, for at most
 * {@value #CLOSE_SECONDS} seconds; what cannot be written by then is logged as lost.
 */
@ServerFilter("/api/**")
final class ApiCallRecorder implements Ordered {

    static final String SOURCE = "tally";
    static final int CAPACITY = 100_000;
    static final int BATCH = 1_000;
    static final int CLOSE_SECONDS = 10;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(ApiCallRecorder.class);

    private record Pending(TenantId tenant, UsageEvent event) {
    }

    private final RecordUsageUseCase recordUsage;
    private final Clock clock;
    private final ConcurrentLinkedDeque<Pending> queue = new ConcurrentLinkedDeque<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private int failures;
    private long pausedUntilNanos = System.nanoTime();

    ApiCallRecorder(RecordUsageUseCase recordUsage, Clock clock) {
        this.recordUsage = recordUsage;
        this.clock = clock;
    }

    @ResponseFilter
    void record(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Optional<Authentication> authentication = request.getUserPrincipal(Authentication.class);
        if (authentication.isEmpty()) {
            return;
        }
        try {
            Actor actor = Actors.of(authentication.get(), RequestIds.of(request));
            Optional<UriRouteMatch<?, ?>> route = RouteAttributes.getRouteMatch(request)
                    .filter(UriRouteMatch.class::isInstance).map(match -> (UriRouteMatch<?, ?>) match);
            Map<String, String> dimensions = new LinkedHashMap<>();
            dimensions.put("method", request.getMethodName());
            dimensions.put("route", route.map(match -> match.getRouteInfo().getUriMatchTemplate().toPathString()).orElse("unmatched"));
            dimensions.put("status", Integer.toString(response.code()));
            UsageEvent event = new UsageEvent(new EventKey(SOURCE, UUID.randomUUID().toString()), EventType.API_CALL,
                    customerOf(actor, route), RequestTiming.startedAt(request, clock), true,
                    EventData.of(dimensions, Map.of("duration_ms", BigDecimal.valueOf(RequestTiming.elapsedMillis(request)))));
            enqueue(actor.tenant(), event);
        } catch (RuntimeException e) {
            LOG.warn("could not record an api.call of {} {}", request.getMethodName(), request.getPath(), e);
        }
    }

    /** Queues an event unless the queue is full, in which case it is dropped and counted. */
    void enqueue(TenantId tenant, UsageEvent event) {
        if (queued.incrementAndGet() > CAPACITY) {
            queued.decrementAndGet();
            if (dropped.incrementAndGet() % 10_000 == 1) {
                LOG.warn("api.call queue is full ({} events); {} events dropped so far", CAPACITY, dropped.get());
            }
            return;
        }
        queue.addLast(new Pending(tenant, event));
    }

    int queued() {
        return queued.get();
    }

    /**
     * The customer a customer-scoped token acted for: the customer in the path when it may see it, else
     * its only customer; none for staff tokens or when it cannot be told. (Customers that do not exist are
     * not created for it: the use case records the call without them.)
     */
    private static Optional<CustomerId> customerOf(Actor actor, Optional<UriRouteMatch<?, ?>> route) {
        Optional<Set<CustomerId>> only = actor.customers().only();
        if (only.isEmpty()) {
            return Optional.empty();
        }
        Optional<CustomerId> inPath = route.map(match -> match.getVariableValues().get("externalId"))
                .map(Object::toString)
                .filter(id -> CustomerId.problemWith(id) == null)
                .map(CustomerId::of)
                .filter(actor::canSee);
        if (inPath.isPresent()) {
            return inPath;
        }
        return only.get().size() == 1 ? Optional.of(only.get().iterator().next()) : Optional.empty();
    }

    @Scheduled(fixedDelay = "${tally.api-calls.flush-interval:1s}", initialDelay = "${tally.api-calls.flush-interval:1s}")
    synchronized void flush() {
        if (System.nanoTime() - pausedUntilNanos < 0) {
            return;
        }
        if (write(BATCH * 20, Long.MAX_VALUE)) {
            failures = 0;
        } else {
            failures++;
            Duration pause = Duration.ofSeconds(1L << Math.min(failures - 1, 6));
            pausedUntilNanos = System.nanoTime() + (pause.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : pause).toNanos();
        }
    }

    /** Writes what is still queued, for at most {@value #CLOSE_SECONDS} seconds; runs after the server stopped taking requests. */
    @PreDestroy
    synchronized void close() {
        write(Integer.MAX_VALUE, System.nanoTime() + Duration.ofSeconds(CLOSE_SECONDS).toNanos());
        if (queued.get() > 0) {
            LOG.error("{} api.call events could not be stored before shutdown and are lost", queued.get());
        }
    }

    /** Writes up to {@code most} queued events until the deadline; false when a write failed (its events are queued again). */
    private boolean write(int most, long deadlineNanos) {
        int written = 0;
        while (written < most && !queue.isEmpty() && deadlineNanos - System.nanoTime() > 0) {
            Map<TenantId, List<Pending>> byTenant = new LinkedHashMap<>();
            Pending pending;
            for (int taken = 0; taken < BATCH && (pending = queue.pollFirst()) != null; taken++) {
                queued.decrementAndGet();
                byTenant.computeIfAbsent(pending.tenant(), tenant -> new ArrayList<>()).add(pending);
            }
            for (Map.Entry<TenantId, List<Pending>> batch : byTenant.entrySet()) {
                try {
                    recordUsage.recordUsage(new RecordUsageCommand(batch.getKey(),
                            batch.getValue().stream().map(Pending::event).toList()));
                    written += batch.getValue().size();
                } catch (RuntimeException e) {
                    LOG.warn("could not store {} api.call events of tenant {}; they are queued again", batch.getValue().size(),
                            batch.getKey(), e);
                    byTenant.values().stream().dropWhile(group -> group != batch.getValue()).toList().reversed()
                            .forEach(this::requeue);
                    return false;
                }
            }
        }
        return true;
    }

    /** Puts events back at the front of the queue, in their order. */
    private void requeue(List<Pending> events) {
        for (Pending event : events.reversed()) {
            queue.addFirst(event);
            queued.incrementAndGet();
        }
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.TRACING.order();
    }
}
