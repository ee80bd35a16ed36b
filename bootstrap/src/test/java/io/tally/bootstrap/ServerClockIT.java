package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The server runs on {@link TestClock}: its today, the times of the calls it records and the claims of its export
 * jobs follow the test clock, so {@code -Dtally.test.now=…} moves the whole server, and it never disagrees with
 * itself about what time it is.
 */
@MicronautTest(transactional = false)
class ServerClockIT extends ApiTestSupport {

    /** UTC+14: for 14 hours of every UTC day, its date is already the next one. */
    static final ZoneId KIRITIMATI = ZoneId.of("Pacific/Kiritimati");

    @Inject
    Clock clock;

    @Test
    void theServersClockIsTheTestClock() {
        assertThat(clock).isSameAs(TestClock.utc());
    }

    @Test
    void todayOnTheServerIsTodayOnTheTestClockInTheTenantsTimezone() {
        Api.Reply settings = api.put("/api/v1/tenant/settings", Tokens.user(tenant, "owner"),
                "{\"timezone\": \"Pacific/Kiritimati\", \"currency\": \"USD\"}");
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);

        LocalDate before = TestClock.today(KIRITIMATI);
        Api.Reply summary = api.get("/api/v1/usage/summary?days=1", Tokens.user(tenant, "viewer"));
        LocalDate after = TestClock.today(KIRITIMATI);

        assertThat(summary.status()).as(summary.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> period = (Map<String, Object>) summary.map().get("period");
        assertThat(period).containsEntry("timezone", "Pacific/Kiritimati").containsEntry("to", period.get("from"));
        assertThat(LocalDate.parse((String) period.get("from"))).isBetween(before, after);
    }

    @Test
    void aRecordedApiCallHappensWhenTheRequestArrivedOnTheTestClock() throws Exception {
        Instant before = TestClock.now();
        assertThat(api.get("/api/v1/tenant", Tokens.user(tenant, "viewer")).status()).isEqualTo(200);
        Instant after = TestClock.now();

        Optional<Instant> recorded = Optional.empty();
        for (int attempt = 0; attempt < 50 && recorded.isEmpty(); attempt++) {
            Thread.sleep(100);
            recorded = instant("""
                    SELECT e.occurred_at FROM usage_event e JOIN tenant t ON t.tenant_id = e.tenant_id
                     WHERE t.tenant_key = ? AND e.type = 'api.call'""", tenant);
        }
        assertThat(recorded).hasValueSatisfying(time -> assertThat(time).isBetween(before, after));
    }

    @Test
    void anExportJobsClaimIsRenewedOnTheTestClock() throws Exception {
        api.put("/internal/v1/customers/acme", Tokens.service(tenant, "customers:write"), "{}");
        String analyst = Tokens.user(tenant, "analyst");
        Instant before = TestClock.now();
        Api.Reply started = api.post("/api/v1/exports", analyst, "application/json",
                "{\"report\": \"usage-history\", \"customer\": \"acme\", \"days\": 1, \"format\": \"csv\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.map().get("id").toString();
        Object status = started.map().get("status");
        for (int attempt = 0; attempt < 150 && !"succeeded".equals(status); attempt++) {
            Thread.sleep(100);
            status = api.get("/api/v1/exports/" + id, analyst).map().get("status");
        }
        Instant after = TestClock.now();
        assertThat(status).isEqualTo("succeeded");

        // claimed when taken from the queue, renewed with the file's (only) chunk: both on the test clock
        assertThat(instant("SELECT claimed_at FROM export_job WHERE job_id = ?::uuid", id))
                .hasValueSatisfying(claimed -> assertThat(claimed).isBetween(before, after));
    }

    private static Optional<Instant> instant(String sql, String parameter) throws SQLException {
        try (Connection db = TestDb.connect(); PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getObject(1, OffsetDateTime.class).toInstant()) : Optional.empty();
            }
        }
    }
}
