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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * every second ({@code tally.api-calls.flush-interval}) in batches of up to {@value #BATCH}. Closing the application (graceful shutdown) writes
 * what is left.
 */
@ServerFilter("/api/**")
final class ApiCallRecorder implements Ordered {

    static final String SOURCE = "tally";
    static final int CAPACITY = 100_000;
    static final int BATCH = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(ApiCallRecorder.class);

    private record Pending(TenantId tenant, UsageEvent event) {
    }

    private final RecordUsageUseCase recordUsage;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();

    ApiCallRecorder(RecordUsageUseCase recordUsage) {
        this.recordUsage = recordUsage;
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
                    customerOf(actor, route), RequestTiming.startedAt(request), true,
                    EventData.of(dimensions, Map.of("duration_ms", BigDecimal.valueOf(RequestTiming.elapsedMillis(request)))));
            if (queued.incrementAndGet() > CAPACITY) {
                queued.decrementAndGet();
                if (dropped.incrementAndGet() % 10_000 == 1) {
                    LOG.warn("api.call queue is full ({} events); {} events dropped so far", CAPACITY, dropped.get());
                }
                return;
            }
            queue.add(new Pending(actor.tenant(), event));
        } catch (RuntimeException e) {
            LOG.warn("could not record an api.call of {} {}", request.getMethodName(), request.getPath(), e);
        }
    }

    /**
     * The customer a customer-scoped token acted for: the customer in the path when it may see it, else
     * its only customer; none for staff tokens or when it cannot be told.
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
    void flush() {
        write(BATCH * 20);
    }

    /** Writes everything still queued; called when the application closes, after the server stopped taking requests. */
    @PreDestroy
    void close() {
        write(Integer.MAX_VALUE);
    }

    private synchronized void write(int most) {
        Map<TenantId, List<UsageEvent>> byTenant = new LinkedHashMap<>();
        Pending pending;
        for (int taken = 0; taken < most && (pending = queue.poll()) != null; taken++) {
            queued.decrementAndGet();
            byTenant.computeIfAbsent(pending.tenant(), tenant -> new ArrayList<>()).add(pending.event());
        }
        byTenant.forEach((tenant, events) -> {
            for (int from = 0; from < events.size(); from += BATCH) {
                List<UsageEvent> batch = events.subList(from, Math.min(events.size(), from + BATCH));
                try {
                    recordUsage.recordUsage(new RecordUsageCommand(tenant, batch));
                } catch (RuntimeException e) {
                    LOG.error("could not store {} api.call events of tenant {}", batch.size(), tenant, e);
                }
            }
        });
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.TRACING.order();
    }
}
