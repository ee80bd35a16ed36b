package io.tally.adapter.in.http;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import io.tally.adapter.in.http.request.RequestIds;
import io.tally.adapter.in.http.request.RequestTiming;
import io.tally.adapter.in.http.security.TokenClaims;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request its id and writes one structured line per request to the {@code tally.request}
 * logger: method, path (never the query string), status, duration, tenant, subject and request id.
 * Headers, and so tokens, are never logged.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class RequestLogFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger("tally.request");

    private final Clock clock;

    RequestLogFilter(Clock clock) {
        this.clock = clock;
    }

    @RequestFilter
    void start(HttpRequest<?> request) {
        RequestTiming.start(request, clock);
        RequestIds.of(request);
    }

    @ResponseFilter
    void finish(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String requestId = RequestIds.of(request);
        response.getHeaders().set(RequestIds.HEADER, requestId);
        Optional<Authentication> authentication = request.getUserPrincipal(Authentication.class);
        LOG.atInfo()
                .addKeyValue("method", request.getMethodName())
                .addKeyValue("path", request.getPath())
                .addKeyValue("status", response.code())
                .addKeyValue("duration_ms", RequestTiming.elapsedMillis(request))
                .addKeyValue("tenant", authentication.map(a -> a.getAttributes().get(TokenClaims.TENANT)).orElse("-"))
                .addKeyValue("subject", authentication.map(Authentication::getName).orElse("-"))
                .addKeyValue("request_id", requestId)
                .log("request");
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
