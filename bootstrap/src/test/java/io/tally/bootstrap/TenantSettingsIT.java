package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.core.type.Argument;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class TenantSettingsIT extends ApiTestSupport {

    String owner;

    @BeforeEach
    void setUp() {
        owner = Tokens.user(tenant, "owner");
    }

    @Test
    void aTenantIsCreatedWithDefaultsOnFirstUse() {
        Api.Reply reply = api.get("/api/v1/tenant", Tokens.user(tenant, "viewer"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        Map<String, Object> body = reply.map();
        assertThat(body).containsEntry("tenant", tenant).containsEntry("timezone", "UTC").containsEntry("currency", "USD")
                .containsEntry("brand_colour", "#6D28D9").containsEntry("brand_name", null);
        assertThat((String) body.get("created_at")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    }

    @Test
    void anOwnerChangesTheSettingsAndTheChangeIsAudited() throws SQLException {
        Api.Reply reply = api.put("/api/v1/tenant/settings", owner,
                "{\"timezone\": \"Asia/Taipei\", \"currency\": \"TWD\", \"brand_name\": \"王小明 Analytics\", \"brand_colour\": \"#0a7f5c\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.map()).containsEntry("timezone", "Asia/Taipei").containsEntry("currency", "TWD")
                .containsEntry("brand_name", "王小明 Analytics").containsEntry("brand_colour", "#0A7F5C");
        assertThat(api.get("/api/v1/tenant", owner).map()).containsEntry("timezone", "Asia/Taipei");

        List<Map<String, Object>> audit = auditEntries();
        assertThat(audit).singleElement().satisfies(entry -> {
            assertThat(entry).containsEntry("action", "tenant.settings.updated")
                    .containsEntry("actor", "user-of-" + tenant)
                    .containsEntry("target", "tenant:" + tenant)
                    .containsEntry("request_id", reply.headers().firstValue("X-Request-Id").orElseThrow());
            assertThat((String) entry.get("details")).isEqualTo("{\"changes\": [{\"to\": \"Asia/Taipei\", \"from\": \"UTC\", \"setting\": \"timezone\"}, "
                    + "{\"to\": \"TWD\", \"from\": \"USD\", \"setting\": \"currency\"}, "
                    + "{\"to\": \"王小明 Analytics\", \"from\": \"\", \"setting\": \"brand_name\"}, "
                    + "{\"to\": \"#0A7F5C\", \"from\": \"#6D28D9\", \"setting\": \"brand_colour\"}]}");
        });
    }

    @Test
    void sendingTheSameSettingsAgainAddsNoAuditEntry() throws SQLException {
        String body = "{\"timezone\": \"Europe/Berlin\", \"currency\": \"EUR\"}";
        api.put("/api/v1/tenant/settings", owner, body);
        api.put("/api/v1/tenant/settings", owner, body);

        assertThat(auditEntries()).hasSize(1);
    }

    @Test
    void concurrentChangesAreAuditedAsAChainInWhichEachChangeStartsWhereTheLastEnded() throws Exception {
        List<String> zones = List.of("Europe/Berlin", "Asia/Taipei", "America/New_York", "Europe/Warsaw", "Asia/Tokyo",
                "America/Sao_Paulo", "Europe/Copenhagen", "Africa/Nairobi");
        api.get("/api/v1/tenant", owner);
        try (ExecutorService pool = Executors.newFixedThreadPool(zones.size())) {
            List<Future<Integer>> replies = new ArrayList<>();
            for (String zone : zones) {
                replies.add(pool.submit(() -> api.put("/api/v1/tenant/settings", owner,
                        "{\"timezone\": \"" + zone + "\", \"currency\": \"USD\"}").status()));
            }
            for (Future<Integer> reply : replies) {
                assertThat(reply.get()).isEqualTo(200);
            }
        }

        List<Map<String, Object>> audit = auditEntries();
        assertThat(audit).hasSize(zones.size());
        String previous = "UTC";
        for (Map<String, Object> entry : audit) {
            Map<String, Object> change = json.readValue((String) entry.get("details"), Argument.mapOf(String.class, Object.class));
            @SuppressWarnings("unchecked")
            Map<String, Object> timezone = ((List<Map<String, Object>>) change.get("changes")).getFirst();
            assertThat(timezone).containsEntry("setting", "timezone").containsEntry("from", previous);
            previous = (String) timezone.get("to");
        }
        assertThat(api.get("/api/v1/tenant", owner).map()).containsEntry("timezone", previous);
    }

    @Test
    void invalidSettingsAreRefusedFieldByFieldAndNothingChanges() throws SQLException {
        Api.Reply reply = api.put("/api/v1/tenant/settings", owner,
                "{\"timezone\": \"Mars/Olympus\", \"currency\": \"usd\", \"brand_name\": \"  \", \"brand_colour\": \"purple\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.map()).containsEntry("type", "urn:tally:problem:validation").containsEntry("title", "Invalid request");
        assertThat(reply.errors()).extracting(e -> e.get("field")).containsExactly("brand_colour", "brand_name", "currency", "timezone");
        assertThat(reply.errors()).extracting(e -> e.get("message")).contains(
                "must be an IANA time zone name, such as Europe/Berlin or UTC",
                "must be an ISO 4217 currency code in upper case, such as USD or EUR",
                "must be a colour of the form #RRGGBB");
        assertThat(api.get("/api/v1/tenant", owner).map()).containsEntry("timezone", "UTC");
        assertThat(auditEntries()).isEmpty();
    }

    @Test
    void missingRequiredSettingsAreNamed() {
        Api.Reply reply = api.put("/api/v1/tenant/settings", owner, "{\"brand_name\": \"Acme\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errors()).extracting(e -> e.get("field")).containsExactly("currency", "timezone");
    }

    @Test
    void aMisspeltFieldIsRefusedRatherThanIgnored() {
        Api.Reply reply = api.put("/api/v1/tenant/settings", owner, "{\"timezone\": \"UTC\", \"currency\": \"USD\", \"time_zone\": \"Europe/Berlin\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.errors()).containsExactly(Map.of("field", "time_zone", "message", "is not a field of this request"));
        assertThat(reply.body()).doesNotContain("TenantSettingsRequest");
    }

    @Test
    void theAuditLogCannotBeChangedOrEmptiedEvenWithDirectSql() throws SQLException {
        api.put("/api/v1/tenant/settings", owner, "{\"timezone\": \"Europe/Berlin\", \"currency\": \"EUR\"}");

        try (Connection connection = TestDb.connect()) {
            assertThatThrownBy(() -> connection.createStatement().executeUpdate("UPDATE audit_entry SET actor = 'mallory'"))
                    .hasMessageContaining("audit_entry is append-only: UPDATE is not allowed");
            assertThatThrownBy(() -> connection.createStatement().executeUpdate("DELETE FROM audit_entry"))
                    .hasMessageContaining("audit_entry is append-only: DELETE is not allowed");
            assertThatThrownBy(() -> connection.createStatement().executeUpdate("TRUNCATE audit_entry"))
                    .hasMessageContaining("audit_entry is append-only: TRUNCATE is not allowed");
        }
        assertThat(auditEntries()).singleElement().satisfies(entry -> assertThat(entry).containsEntry("actor", "user-of-" + tenant));
    }

    /** The tenant's audit entries in the order they were written. */
    private List<Map<String, Object>> auditEntries() throws SQLException {
        return TestDb.auditEntries(tenant);
    }
}
