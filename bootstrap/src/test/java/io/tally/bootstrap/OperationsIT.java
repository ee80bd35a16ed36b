package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@MicronautTest(transactional = false)
class OperationsIT extends ApiTestSupport {



    @Test
    void healthIsUpWithTheDatabaseAndNeedsNoToken() {
        Api.Reply reply = api.get("/health", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.map()).isEqualTo(Map.of("status", "UP"));
    }

    @Test
    void healthIsDownWhenTheDatabaseIsUnreachable() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "datasources.default.url", "jdbc:postgresql://127.0.0.1:1/nowhere",
                "datasources.default.initialization-fail-timeout", -1,
                "datasources.default.connection-timeout", 250,
                "flyway.datasources.default.enabled", false), "test")) {
            EmbeddedServer down = context.getBean(EmbeddedServer.class).start();

            Api.Reply reply = new Api(down.getURI(), json).get("/health", null);

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.map()).isEqualTo(Map.of("status", "DOWN"));
        }
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() {
        Api.Reply reply = api.get("/openapi.yml", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/yaml");
        assertThat(reply.body()).startsWith("openapi: 3.")
                .contains("/api/v1/tenant:", "/api/v1/tenant/settings:", "/api/v1/customers:", "/api/v1/customers/{externalId}:",
                        "/internal/v1/customers/{externalId}:", "bearerFormat: JWT")
                .doesNotContain("Actor");
    }

    @Test
    void docsRenderTheDocumentFromFilesInTheJar() {
        Api.Reply docs = api.get("/docs", null);
        assertThat(docs.status()).isEqualTo(303);
        assertThat(docs.headers().firstValue("Location")).hasValue("/swagger-ui/index.html");

        Api.Reply page = api.get("/swagger-ui/index.html", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("/swagger-ui/res/swagger-ui-bundle.js", "/swagger/tally.yml").doesNotContain("unpkg.com");
        assertThat(api.get("/swagger-ui/res/swagger-ui-bundle.js", null).status()).isEqualTo(200);
        assertThat(api.get("/swagger/tally.yml", null).status()).isEqualTo(200);
    }

    @Test
    void requestLogsCarryTheRequestButNeverTheToken() {
        Logger logger = (Logger) LoggerFactory.getLogger("tally.request");
        Level level = logger.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        logger.setLevel(Level.INFO);
        String tenant = Tokens.freshTenant();
        String token = Tokens.user(tenant, "viewer");
        try {
            api.get("/api/v1/tenant?access_token=" + token, token);
            api.get("/api/v1/tenant", "wrong-" + token);
        } finally {
            logger.setLevel(level);
            logger.detachAppender(captured);
        }

        assertThat(captured.list).hasSize(2);
        ILoggingEvent ok = captured.list.get(0);
        Map<String, Object> fields = fields(ok);
        assertThat(fields).containsEntry("method", "GET").containsEntry("path", "/api/v1/tenant").containsEntry("status", 200)
                .containsEntry("tenant", tenant).containsEntry("subject", "user-of-" + tenant).containsKeys("duration_ms", "request_id");
        assertThat(fields(captured.list.get(1))).containsEntry("status", 401).containsEntry("tenant", "-");
        for (ILoggingEvent event : captured.list) {
            assertThat(event.getFormattedMessage() + " " + event.getKeyValuePairs()).doesNotContain(token).doesNotContain("access_token");
        }
    }

    private static Map<String, Object> fields(ILoggingEvent event) {
        Map<String, Object> fields = new HashMap<>();
        event.getKeyValuePairs().forEach(pair -> fields.put(pair.key, pair.value));
        return fields;
    }

    @Test
    void shuttingDownLetsRequestsInFlightFinish() throws Exception {
        ApplicationContext context = ApplicationContext.run(Map.of("tally.test.slow-endpoint", "true", "micronaut.server.port", -1), "test");
        EmbeddedServer slowServer = context.getBean(EmbeddedServer.class).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                HttpRequest.newBuilder(slowServer.getURI().resolve("/test/slow?millis=2000")).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500);

        long started = System.nanoTime();
        slowServer.stop();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("finished after 2000 ms");
        assertThat(stopMillis).as("stop waited for the request").isGreaterThanOrEqualTo(1000);
        context.close();
    }
}
