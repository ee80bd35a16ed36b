package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every failure is an RFC 9457 problem: typed, with status, title and detail, and never a stack trace. */
@MicronautTest(transactional = false)
class ErrorsIT extends ApiTestSupport {

    String owner;

    @BeforeEach
    void setUp() {
        owner = Tokens.user(tenant, "owner");
    }

    private static void assertProblem(Api.Reply reply, int status) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.map()).containsEntry("status", status).containsKeys("type", "title", "detail", "instance", "request_id");
        assertThat(reply.map().get("request_id")).isEqualTo(reply.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(reply.body()).doesNotContain("\tat ").doesNotContain("at io.").doesNotContain("Exception");
    }

    @Test
    void anUnknownRouteIsNotFound() {
        Api.Reply reply = api.get("/api/v1/nothing-here", owner);

        assertProblem(reply, 404);
        assertThat(reply.map()).containsEntry("type", "about:blank").containsEntry("title", "Not Found")
                .containsEntry("detail", "No resource at /api/v1/nothing-here").doesNotContainKey("errors");
    }

    @Test
    void anUnknownRouteWithoutTokenIsAlsoNotFound() {
        assertProblem(api.get("/nothing-here", null), 404);
    }

    @Test
    void aWrongMethodIsNotAllowed() {
        Api.Reply reply = api.send(api.request("/api/v1/tenant", owner).DELETE().build());

        assertProblem(reply, 405);
        assertThat(reply.map()).containsEntry("type", "about:blank").containsEntry("title", "Method Not Allowed");
        assertThat((String) reply.map().get("detail")).startsWith("DELETE is not allowed on /api/v1/tenant");
    }

    @Test
    void anUnsupportedMediaTypeIsRefused() {
        Api.Reply reply = api.send(api.request("/api/v1/tenant/settings", owner).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("timezone=UTC")).build());

        assertProblem(reply, 415);
        assertThat(reply.map()).containsEntry("detail", "Content-Type 'text/plain' is not accepted by /api/v1/tenant/settings");
    }

    @Test
    void malformedJsonIsNamedAsSuch() {
        Api.Reply reply = api.put("/api/v1/tenant/settings", owner, "{\"timezone\": \"UTC\", ");

        assertProblem(reply, 400);
        assertThat(reply.map()).containsEntry("type", "urn:tally:problem:malformed-json").containsEntry("title", "Malformed JSON")
                .containsEntry("detail", "The request body is not valid JSON (line 1, column 21)");
    }

    @Test
    void aMissingBodyIsRefused() {
        Api.Reply reply = api.send(api.request("/api/v1/tenant/settings", owner).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.noBody()).build());

        assertProblem(reply, 400);
        assertThat(reply.errors()).containsExactly(Map.of("field", "body", "message", "a JSON request body is required"));
    }

    @Test
    void aBodyOverOneMebibyteIsTooLarge() {
        String big = "{\"timezone\": \"UTC\", \"currency\": \"USD\", \"brand_name\": \"" + "x".repeat(1_100_000) + "\"}";

        Api.Reply reply = api.send(api.request("/api/v1/tenant/settings", owner).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(big, StandardCharsets.UTF_8)).build());

        assertProblem(reply, 413);
        assertThat(reply.map()).containsEntry("type", "urn:tally:problem:payload-too-large")
                .containsEntry("detail", "The request body is larger than the limit of 1048576 bytes");
    }

    @Test
    void aCallersRequestIdIsKeptAndAnUnsafeOneReplaced() {
        Api.Reply kept = api.send(api.request("/api/v1/tenant", owner).header("X-Request-Id", "abc-123").GET().build());
        Api.Reply replaced = api.send(api.request("/api/v1/tenant", owner).header("X-Request-Id", "<script>").GET().build());

        assertThat(kept.headers().firstValue("X-Request-Id")).hasValue("abc-123");
        assertThat(replaced.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f-]{36}");
    }

    @Test
    void withoutConfiguredOriginsThereIsNoCrossOriginAccess() throws Exception {
        java.net.http.HttpResponse<String> preflight = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        server.getURI().resolve("/api/v1/customers")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:5173").header("Access-Control-Request-Method", "GET").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as("TALLY_CORS_ORIGINS is empty by default").isEmpty();
    }
}
