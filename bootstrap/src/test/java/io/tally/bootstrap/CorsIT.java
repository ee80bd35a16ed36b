package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * CORS with {@code tally.cors.origins} (TALLY_CORS_ORIGINS) naming two origins: a preflight from one is answered with the
 * methods, the asked headers the API takes and a preflight cache, before authentication; an actual request from it
 * carries Access-Control-Allow-Origin; another origin gets no CORS header; {@code /internal/**} never answers CORS.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorsIT extends ApiTestSupport implements TestPropertyProvider {

    static final String APP = "https://app.example.com";

    @Override
    public Map<String, String> getProperties() {
        // the server under test answers on localhost, and Micronaut refuses cross-origin requests to a localhost host (its
        // protection against drive-by attacks on local services); a deployment answers on its own host name
        return Map.of("tally.cors.origins", APP + ", https://admin.example.com/", "micronaut.server.cors.localhost-pass-through", "true");
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder preflight(String path, String origin) {
        return HttpRequest.newBuilder(server.getURI().resolve(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type, x-unknown");
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredBeforeAuthentication() throws Exception {
        HttpResponse<String> answer = send(preflight("/api/v1/analytics/query", APP));
        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST, PUT, PATCH, DELETE");
        assertThat(answer.headers().firstValue("Access-Control-Allow-Headers")).as("only the headers the API takes").hasValue("authorization, content-type");
        assertThat(answer.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
        assertThat(answer.headers().allValues("Vary").toString()).contains("Origin");
        // the origin as configured with a trailing slash matches the browser's Origin, which has none
        assertThat(send(preflight("/api/v1/customers", "https://admin.example.com")).headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("https://admin.example.com");
    }

    @Test
    void anActualRequestFromAnAllowedOriginMayBeReadByThePage() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(server.getURI().resolve("/api/v1/customers")).header("Origin", APP)
                .header("Authorization", "Bearer " + Tokens.user(tenant, "viewer")).GET());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(answer.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("Location", "X-Request-Id");
        // a 401 reaches the page too, so it can send the user to sign in
        HttpResponse<String> unauthorized = send(HttpRequest.newBuilder(server.getURI().resolve("/api/v1/customers")).header("Origin", APP).GET());
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
    }

    @Test
    void anotherOriginGetsNoCorsHeaders() throws Exception {
        HttpResponse<String> preflight = send(preflight("/api/v1/customers", "https://evil.example.net"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
        HttpResponse<String> actual = send(HttpRequest.newBuilder(server.getURI().resolve("/api/v1/customers")).header("Origin", "https://evil.example.net")
                .header("Authorization", "Bearer " + Tokens.user(tenant, "viewer")).GET());
        assertThat(actual.statusCode()).isEqualTo(200);
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void theServiceApiNeverAnswersCors() throws Exception {
        HttpResponse<String> preflight = send(preflight("/internal/v1/events", APP));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> actual = send(HttpRequest.newBuilder(server.getURI().resolve("/internal/v1/events")).header("Origin", APP)
                .header("Authorization", "Bearer " + Tokens.service(tenant, "events:write")).header("Content-Type", "application/cloudevents-batch+json")
                .POST(HttpRequest.BodyPublishers.ofString("[]")));
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
