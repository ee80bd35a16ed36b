package io.tally.adapter.in.http;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.tally.adapter.in.http.request.RequestIds;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CORS for the public API only ({@code /api/**}; {@code /internal/**} never answers it): a browser frontend on one of
 * the origins of {@code tally.cors.origins} ({@code TALLY_CORS_ORIGINS}, comma-separated; empty by default, meaning no
 * cross-origin access) may call it. A preflight from such an origin is answered here, before authentication (it
 * carries no token), with the methods and headers the API takes and a preflight cache of 10 minutes; an actual request
 * from it gets {@code Access-Control-Allow-Origin} and the headers a frontend may read. Any other origin gets no CORS
 * header at all, so the browser keeps the answer from the page. Credentials (cookies) are not part of it: the API
 * takes bearer tokens.
 */
@ServerFilter("/api/**")
final class CorsFilter implements Ordered {

    static final String METHODS = "GET, POST, PUT, PATCH, DELETE";
    static final Set<String> HEADERS = Set.of("authorization", "content-type", "accept", "idempotency-key", "if-none-match", "if-match");
    static final String EXPOSED = String.join(", ", "Location", "Content-Disposition", "Retry-After", "ETag", RequestIds.HEADER);
    static final int MAX_AGE_SECONDS = 600;

    private final Set<String> origins;

    CorsFilter(@Value("${tally.cors.origins:}") @Nullable String origins) {
        this.origins = origins == null ? Set.of() : Arrays.stream(origins.split(",")).map(String::strip).filter(origin -> !origin.isEmpty())
                .map(origin -> origin.replaceAll("/+$", "")).collect(Collectors.toUnmodifiableSet());
    }

    /** A preflight from an allowed origin, answered at once; anything else goes on. */
    @RequestFilter
    @Nullable
    HttpResponse<?> preflight(HttpRequest<?> request) {
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (request.getMethod() != HttpMethod.OPTIONS || origin == null || !origins.contains(origin)
                || !request.getHeaders().contains(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD)) {
            return null;
        }
        String asked = request.getHeaders().get(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
        String allowed = asked == null ? "" : Arrays.stream(asked.split(",")).map(String::strip).map(name -> name.toLowerCase(Locale.ROOT))
                .filter(HEADERS::contains).collect(Collectors.joining(", "));
        MutableHttpResponse<?> response = HttpResponse.noContent()
                .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                .header(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, METHODS)
                .header(HttpHeaders.ACCESS_CONTROL_MAX_AGE, Integer.toString(MAX_AGE_SECONDS))
                .header(HttpHeaders.VARY, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        if (!allowed.isEmpty()) {
            response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, allowed);
        }
        return response;
    }

    @ResponseFilter
    void allow(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin != null && origins.contains(origin) && !response.getHeaders().contains(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)) {
            response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.header(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
            response.getHeaders().add(HttpHeaders.VARY, "Origin");
        }
    }

    @Override
    public int getOrder() {
        // after the request log (which gives the request its id), before authentication: a preflight has no token
        return ServerFilterPhase.FIRST.after();
    }
}
