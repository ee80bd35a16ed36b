package io.tally.adapter.in.http.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import io.tally.adapter.in.http.problem.ProblemType;
import io.tally.adapter.in.http.problem.Problems;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The Prometheus scrape, {@code GET /metrics} on the service's own port. With {@code TALLY_METRICS_TOKEN} set it needs
 * {@code Authorization: Bearer <that token>}; without it, it answers loopback clients only (a reverse proxy on the same
 * host would make every client loopback: set the token there). No label holds a tenant's or a customer's id.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
class MetricsController {

    static final MediaType PROMETHEUS_TEXT = MediaType.of("text/plain; version=0.0.4; charset=utf-8");

    private final PrometheusMeterRegistry registry;
    private final byte[] token;

    MetricsController(PrometheusMeterRegistry registry, @Value("${tally.metrics.token:}") String token) {
        this.registry = registry;
        this.token = token.isBlank() ? null : ("Bearer " + token.strip()).getBytes(StandardCharsets.UTF_8);
    }

    @Get(uri = "/metrics")
    HttpResponse<?> scrape(HttpRequest<?> request) {
        if (token != null) {
            String given = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
            if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
                return Problems.response(request, HttpStatus.UNAUTHORIZED, ProblemType.UNAUTHENTICATED,
                        "the metrics need Authorization: Bearer with the TALLY_METRICS_TOKEN", null);
            }
        } else if (!isLoopback(request)) {
            return Problems.response(request, HttpStatus.FORBIDDEN, ProblemType.FORBIDDEN,
                    "the metrics answer loopback clients only; set TALLY_METRICS_TOKEN to scrape from another host", null);
        }
        return HttpResponse.ok(registry.scrape()).contentType(PROMETHEUS_TEXT);
    }

    private static boolean isLoopback(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote != null && remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
    }
}
