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

    /** The plan and the customer are written straight to the tables: defining a plan is audited too, and the audit log is down. */
    @Test
    void aFailedAuditWriteLeavesNoResetBehind() throws Exception {
        try (Connection connection = TestDb.connect()) {
            api.get("/api/v1/tenant", Tokens.user(tenant, "viewer"));
            try (PreparedStatement plan = connection.prepareStatement("""
                    WITH t AS (SELECT tenant_id FROM tenant WHERE tenant_key = ?),
                         p AS (INSERT INTO plan (tenant_id, plan_key, name, created_at, updated_at)
                               SELECT tenant_id, 'basic', 'Basic', now(), now() FROM t),
                         l AS (INSERT INTO plan_limit (tenant_id, plan_key, meter_key, amount, period, enforcement, position)
                               SELECT tenant_id, 'basic', 'transcription_minutes', 600, 'calendar_month', 'hard', 1 FROM t)
                    INSERT INTO customer (tenant_id, external_id, plan, status, created_at, updated_at)
                    SELECT tenant_id, 'tokyo', 'basic', 'active', now(), now() FROM t""")) {
                plan.setString(1, tenant);
                assertThat(plan.executeUpdate()).isEqualTo(1);
            }
        }
        Api.Reply reply = api.send(api.request("/api/v1/admin/usage-resets", Tokens.user(tenant, "admin")).header("Content-Type", "application/json")
                .header("Idempotency-Key", "k1").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"customer_ids\": [\"tokyo\"], \"reset_type\": \"usage\", \"reason\": \"outage\"}")).build());

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.body()).doesNotContain("secret-internal-detail");
        try (Connection connection = TestDb.connect();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT (SELECT count(*) FROM usage_reset r JOIN tenant t ON t.tenant_id = r.tenant_id WHERE t.tenant_key = ?)
                          + (SELECT count(*) FROM usage_reset_customer r JOIN tenant t ON t.tenant_id = r.tenant_id WHERE t.tenant_key = ?)""")) {
            statement.setString(1, tenant);
            statement.setString(2, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isZero();
            }
        }
    }
}
