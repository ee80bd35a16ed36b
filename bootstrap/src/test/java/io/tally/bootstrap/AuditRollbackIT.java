package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** The settings change and its audit entry commit together: when the audit write fails, the change is rolled back. */
@MicronautTest(transactional = false)
@Property(name = "tally.test.failing-audit", value = "true")
class AuditRollbackIT extends ApiTestSupport {

    @Test
    void aFailedAuditWriteRollsBackTheSettingsChange() throws Exception {
        String owner = Tokens.user(tenant, "owner");
        assertThat(api.get("/api/v1/tenant", owner).map()).containsEntry("timezone", "UTC");

        Api.Reply reply = api.put("/api/v1/tenant/settings", owner, "{\"timezone\": \"Europe/Berlin\", \"currency\": \"EUR\"}");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.map()).containsEntry("type", "urn:tally:problem:internal");
        assertThat(reply.body()).doesNotContain("secret-internal-detail").doesNotContain("IllegalStateException");
        assertThat(api.get("/api/v1/tenant", owner).map()).containsEntry("timezone", "UTC").containsEntry("currency", "USD");
        try (Connection connection = TestDb.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT timezone, currency FROM tenant WHERE tenant_key = ?")) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("timezone")).isEqualTo("UTC");
                assertThat(rows.getString("currency")).isEqualTo("USD");
            }
        }
    }
}
