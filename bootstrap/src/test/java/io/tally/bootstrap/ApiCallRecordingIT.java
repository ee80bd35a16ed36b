package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tally records its own API use as api.call events, off the request path. */
@MicronautTest(transactional = false)
class ApiCallRecordingIT extends ApiTestSupport {

    /** The api.call rows of a tenant: customer (or "-"), method, route, status. */
    static List<String> apiCalls(String tenantKey) throws SQLException {
        String sql = """
                SELECT coalesce(c.external_id, '-') AS customer, e.source, e.data->>'method' AS method, e.data->>'route' AS route,
                       e.data->>'status' AS status, (e.data->'duration_ms') IS NOT NULL AS timed
                  FROM usage_event e JOIN tenant t USING (tenant_id) LEFT JOIN customer c USING (tenant_id, customer_id)
                 WHERE t.tenant_key = ? AND e.type = 'api.call' ORDER BY e.occurred_at, e.data->>'route'""";
        List<String> calls = new ArrayList<>();
        try (Connection connection = TestDb.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tenantKey);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    assertThat(rows.getString("source")).isEqualTo("tally");
                    assertThat(rows.getBoolean("timed")).isTrue();
                    calls.add(rows.getString("customer") + " " + rows.getString("method") + " " + rows.getString("route")
                            + " " + rows.getString("status"));
                }
            }
        }
        return calls;
    }

    static List<String> awaitApiCalls(String tenantKey, int expected) throws Exception {
        List<String> calls = List.of();
        for (int attempt = 0; attempt < 50 && calls.size() < expected; attempt++) {
            Thread.sleep(100);
            calls = apiCalls(tenantKey);
        }
        return calls;
    }

    @Test
    void authenticatedApiRequestsBecomeApiCallEventsOfTheTenantAndItsCustomer() throws Exception {
        api.put("/internal/v1/customers/acme", Tokens.service(tenant, "customers:write"), "{}");
        String staff = Tokens.user(tenant, "viewer");
        String acme = Tokens.customerUser(tenant, List.of("acme"), "viewer");

        api.get("/api/v1/tenant", staff);
        api.get("/api/v1/customers/acme", acme);
        api.get("/api/v1/customers/globex", acme);
        api.get("/api/v1/tenant", null);

        List<String> calls = awaitApiCalls(tenant, 3);
        assertThat(calls).containsExactlyInAnyOrder(
                "- GET /api/v1/tenant 200",
                "acme GET /api/v1/customers/{externalId} 200",
                "acme GET /api/v1/customers/{externalId} 404");
    }

    @Test
    void aCallForACustomerThatDoesNotExistIsTheTenantsAndCreatesNoCustomer() throws Exception {
        String phantom = Tokens.customerUser(tenant, List.of("phantom"), "viewer");

        assertThat(api.get("/api/v1/customers/phantom", phantom).status()).isEqualTo(404);

        assertThat(awaitApiCalls(tenant, 1)).containsExactly("- GET /api/v1/customers/{externalId} 404");
        assertThat(api.get("/api/v1/customers/phantom", Tokens.user(tenant, "viewer")).status()).isEqualTo(404);
    }

    @Test
    void recordingIsVisibleInTheCustomersUsageHistory() throws Exception {
        api.put("/internal/v1/customers/acme", Tokens.service(tenant, "customers:write"), "{}");
        String acme = Tokens.customerUser(tenant, List.of("acme"), "viewer");
        api.get("/api/v1/customers/acme", acme);
        awaitApiCalls(tenant, 1);

        Map<String, Object> event = api.get("/api/v1/customers/acme/events?type=api.call", acme).items().getLast();

        assertThat(event).containsEntry("source", "tally").containsEntry("type", "api.call");
        assertThat((Map<String, Object>) event.get("data")).containsEntry("method", "GET")
                .containsEntry("route", "/api/v1/customers/{externalId}").containsEntry("status", "200").containsKey("duration_ms");
    }

    /** The periodic write is an hour away here, so only closing the application can have written these events. */
    @Test
    void whatIsStillQueuedIsWrittenWhenTheApplicationCloses() throws Exception {
        String otherTenant = Tokens.freshTenant();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("tally.api-calls.flush-interval", "1h");
        try (ApplicationContext context = ApplicationContext.run(properties, "test")) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            Api own = new Api(server.getURI(), context.getBean(JsonMapper.class));
            String token = Tokens.user(otherTenant, "viewer");
            for (int i = 0; i < 25; i++) {
                assertThat(own.get("/api/v1/tenant", token).status()).isEqualTo(200);
            }
            Thread.sleep(500);
            assertThat(apiCalls(otherTenant)).isEmpty();
        }

        assertThat(apiCalls(otherTenant)).hasSize(25).containsOnly("- GET /api/v1/tenant 200");
    }
}
