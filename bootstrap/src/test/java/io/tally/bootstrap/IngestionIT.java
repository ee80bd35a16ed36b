package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class IngestionIT extends ApiTestSupport {

    String service;

    @BeforeEach
    void setUp() {
        service = Tokens.service(tenant, "events:write");
    }

    /** Rows stored for this test's tenant: events, and events per (source, id). */
    long storedEvents() throws SQLException {
        return count("SELECT count(*) FROM usage_event e JOIN tenant t USING (tenant_id) WHERE t.tenant_key = ?", tenant);
    }

    long maxRowsPerKey() throws SQLException {
        return count("""
                SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM usage_event e JOIN tenant t USING (tenant_id)
                 WHERE t.tenant_key = ? GROUP BY source, event_id) per_key""", tenant);
    }

    static long count(String sql, String tenantKey) throws SQLException {
        try (Connection connection = TestDb.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tenantKey);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> results(Api.Reply reply) {
        return (List<Map<String, Object>>) reply.map().get("results");
    }

    @Nested
    class Idempotency {

        @Test
        void aBatchReplayedThreeTimesIsStoredOnce() throws SQLException {
            List<Map<String, Object>> batch = Events.batch(50, i -> Events.call("call-" + i, "coach-" + (i % 5)));

            Api.Reply first = api.postEvents(service, batch);
            Api.Reply second = api.postEvents(service, batch);
            Api.Reply third = api.postEvents(service, batch);

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.map()).containsEntry("accepted", 50).containsEntry("duplicates", 0);
            for (Api.Reply replay : List.of(second, third)) {
                assertThat(replay.status()).isEqualTo(200);
                assertThat(replay.map()).containsEntry("accepted", 0).containsEntry("duplicates", 50).containsEntry("conflicts", 0);
                assertThat(results(replay)).extracting(r -> r.get("status")).containsOnly("duplicate");
            }
            assertThat(storedEvents()).isEqualTo(50);
            assertThat(maxRowsPerKey()).isEqualTo(1);
        }

        @Test
        void twentyIdenticalBatchesSentAtOnceStoreEachEventExactlyOnce() throws Exception {
            List<Map<String, Object>> batch = Events.batch(200, i -> Events.call("race-" + i, "coach-" + (i % 7)));
            String body = api.json(batch);
            CountDownLatch start = new CountDownLatch(1);
            List<Api.Reply> replies = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
                List<Future<Api.Reply>> futures = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        return api.post("/internal/v1/events", service, "application/cloudevents-batch+json", body);
                    }));
                }
                start.countDown();
                for (Future<Api.Reply> future : futures) {
                    replies.add(future.get());
                }
            }

            assertThat(replies).extracting(Api.Reply::status).containsOnly(200);
            long accepted = replies.stream().mapToLong(reply -> ((Number) reply.map().get("accepted")).longValue()).sum();
            long duplicates = replies.stream().mapToLong(reply -> ((Number) reply.map().get("duplicates")).longValue()).sum();
            assertThat(accepted).isEqualTo(200);
            assertThat(duplicates).isEqualTo(19 * 200);
            assertThat(storedEvents()).isEqualTo(200);
            assertThat(maxRowsPerKey()).isEqualTo(1);
        }

        @Test
        void theSameIdWithOtherContentIsAConflictAndTheOriginalStays() throws SQLException {
            Map<String, Object> original = Events.call("c-1", "coach-1");
            Map<String, Object> changed = Events.event("c-1", "calls", "call", "coach-1", (String) original.get("time"),
                    Map.of("outcome", "failed", "agent", "ana", "duration_s", 61, "cost", 0.25, "currency", "USD"));
            api.postEvents(service, original);

            Api.Reply reply = api.postEvents(service, changed);

            assertThat(reply.status()).isEqualTo(207);
            assertThat(results(reply)).singleElement().satisfies(item -> assertThat(item)
                    .containsEntry("index", 0).containsEntry("id", "c-1").containsEntry("status", "conflict")
                    .containsEntry("reason", "an event with this source and id is already stored with other content; the stored one is kept"));
            assertThat(storedEvents()).isEqualTo(1);
            Map<String, Object> stored = api.get("/api/v1/customers/coach-1/events", Tokens.user(tenant, "viewer")).items().getFirst();
            assertThat(stored.get("data")).isEqualTo(Map.of("outcome", "completed", "agent", "ana", "duration_s", 61,
                    "cost", 0.25, "currency", "USD"));
        }

        @Test
        void twoTenantsUsingTheSameIdBothKeepTheirEvent() throws SQLException {
            String other = Tokens.freshTenant();

            Api.Reply mine = api.postEvents(service, Events.call("shared-id", "coach-1"));
            Api.Reply theirs = api.postEvents(Tokens.service(other, "events:write"), Events.call("shared-id", "coach-1"));

            assertThat(mine.map()).containsEntry("accepted", 1);
            assertThat(theirs.map()).containsEntry("accepted", 1);
            assertThat(storedEvents()).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM usage_event e JOIN tenant t USING (tenant_id) WHERE t.tenant_key = ?", other)).isEqualTo(1);
        }

        @Test
        void sameSourceAndIdAreScopedBySourceToo() throws SQLException {
            api.postEvents(service, Events.call("x-1", "coach-1"));

            Api.Reply reply = api.postEvents(service, Events.event("x-1", "billing", "call", "coach-1", null, Map.of()));

            assertThat(reply.map()).containsEntry("accepted", 1);
            assertThat(storedEvents()).isEqualTo(2);
        }
    }

    @Test
    void anUnknownSubjectBecomesACustomerWithAMinimalProfile() {
        api.postEvents(service, Events.call("n-1", "brand-new"));

        Map<String, Object> customer = api.get("/api/v1/customers/brand-new", Tokens.user(tenant, "viewer")).map();

        assertThat(customer).containsEntry("external_id", "brand-new").containsEntry("display_name", null)
                .containsEntry("timezone", null).containsEntry("plan", null).containsEntry("status", "active");
    }

    @Nested
    class PartialFailure {

        @Test
        void aHundredEventBatchWithItemsThreeAndFiftySevenInvalidStoresTheOtherNinetyEight() throws SQLException {
            List<Map<String, Object>> batch = Events.batch(100, i -> Events.call("p-" + i, "coach-1"));
            batch.get(3).remove("subject");
            batch.set(57, Events.event("p-57", "calls", "call", "coach-1", null, Map.of("outcome", List.of("nested"))));

            Api.Reply reply = api.postEvents(service, batch);

            assertThat(reply.status()).isEqualTo(207);
            assertThat(reply.map()).containsEntry("accepted", 98).containsEntry("rejected", 2);
            List<Map<String, Object>> results = results(reply);
            assertThat(results).hasSize(100);
            assertThat(results.get(3)).isEqualTo(Map.of("index", 3, "id", "p-3", "status", "rejected", "reason", "subject is required"));
            assertThat(results.get(57)).isEqualTo(Map.of("index", 57, "id", "p-57", "status", "rejected",
                    "reason", "data.outcome must be a string or a number"));
            assertThat(results.get(56)).isEqualTo(Map.of("index", 56, "id", "p-56", "status", "accepted"));
            assertThat(storedEvents()).isEqualTo(98);
        }

        @Test
        void aBatchOfOneThousandAndOneIsRefusedWholeAndNothingIsStored() throws SQLException {
            Api.Reply reply = api.postEvents(service, Events.batch(1001, i -> Events.call("big-" + i, "coach-1")));

            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.map()).containsEntry("detail", "A batch holds at most 1000 events; split it and send the parts");
            assertThat(storedEvents()).isZero();
        }

        @Test
        void aBatchOfOneThousandIsAccepted() throws SQLException {
            Api.Reply reply = api.postEvents(service, Events.batch(1000, i -> Events.call("full-" + i, "coach-" + (i % 50))));

            assertThat(reply.status()).isEqualTo(200);
            assertThat(storedEvents()).isEqualTo(1000);
        }

        @Test
        void aBodyOverOneMebibyteIsRefusedWholeAndNothingIsStored() throws SQLException {
            String padding = "x".repeat(1000);
            String body = api.json(Events.batch(990, i -> Events.event("fat-" + i, "calls", "call", "coach-1", null,
                    Map.of("note", padding))));
            assertThat(body.length()).isGreaterThan(1_048_576);

            Api.Reply reply = api.post("/internal/v1/events", service, "application/cloudevents-batch+json", body);

            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.map()).containsEntry("type", "urn:tally:problem:payload-too-large");
            assertThat(storedEvents()).isZero();
        }

        @Test
        void eventsFromTheFutureAndBeyondTheLateArrivalWindowAreRejected() throws SQLException {
            Instant now = TestClock.now().truncatedTo(ChronoUnit.SECONDS);
            List<Map<String, Object>> batch = List.of(
                    Events.event("future", "calls", "call", "coach-1", now.plus(6, ChronoUnit.MINUTES).toString(), Map.of()),
                    Events.event("soon", "calls", "call", "coach-1", now.plus(4, ChronoUnit.MINUTES).toString(), Map.of()),
                    Events.event("ancient", "calls", "call", "coach-1", now.minus(401, ChronoUnit.DAYS).toString(), Map.of()),
                    Events.event("old", "calls", "call", "coach-1", now.minus(399, ChronoUnit.DAYS).toString(), Map.of()));

            Api.Reply reply = api.postEvents(service, batch);

            assertThat(reply.status()).isEqualTo(207);
            assertThat(results(reply)).extracting(r -> r.get("status")).containsExactly("rejected", "accepted", "rejected", "accepted");
            assertThat(results(reply).get(0)).containsEntry("reason", "time is more than 5 minutes in the future");
            assertThat(results(reply).get(2)).containsEntry("reason", "time is older than the tenant's late-arrival window of 400 days");
            assertThat(storedEvents()).isEqualTo(2);
        }

        @Test
        void theLateArrivalWindowIsTheTenantsSetting() {
            api.put("/api/v1/tenant/settings", Tokens.user(tenant, "owner"),
                    "{\"timezone\": \"UTC\", \"currency\": \"USD\", \"late_arrival_days\": 30}");
            String fortyDaysAgo = TestClock.now().minus(40, ChronoUnit.DAYS).toString();

            Api.Reply reply = api.postEvents(service, Events.event("late", "calls", "call", "coach-1", fortyDaysAgo, Map.of()));

            assertThat(results(reply).getFirst()).containsEntry("reason", "time is older than the tenant's late-arrival window of 30 days");
        }
    }

    @Nested
    class Access {

        @Test
        void aServiceTokenWithoutTheEventsScopeIsForbidden() throws SQLException {
            Api.Reply reply = api.postEvents(Tokens.service(tenant, "customers:write"), Events.call("s-1", "coach-1"));

            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.map()).containsEntry("detail", "This operation needs the scope events:write, which the token does not grant");
            assertThat(storedEvents()).isZero();
        }

        @Test
        void noTokenOrAUserTokenIsUnauthenticated() {
            assertThat(api.postEvents(null, Events.call("s-1", "coach-1")).status()).isEqualTo(401);
            assertThat(api.postEvents(Tokens.user(tenant, "owner"), Events.call("s-1", "coach-1")).status()).isEqualTo(401);
        }

        @Test
        void theTenantComesFromTheToken() throws SQLException {
            Map<String, Object> event = Events.call("t-1", "coach-1");
            event.put("tenant", "someone-else");

            api.postEvents(service, event);

            assertThat(storedEvents()).isEqualTo(1);
        }
    }

    @Nested
    class Robustness {

        @Test
        void aBatchThatFailsInTheDatabaseLeavesNothingBehindAndLaterEventsOfItsNewCustomerAreFine() throws SQLException {
            String failing = "boom-" + tenant;
            try (Connection connection = TestDb.connect(); Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE OR REPLACE FUNCTION it_fail_one_event() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN IF NEW.event_id LIKE 'boom-%' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$""");
                statement.execute("CREATE TRIGGER it_fail_one_event BEFORE INSERT ON usage_event_key FOR EACH ROW EXECUTE FUNCTION it_fail_one_event()");
            }
            try {
                Api.Reply failed = api.postEvents(service, List.of(Events.call("ok-1", "ghost"), Events.call(failing, "ghost")));
                assertThat(failed.status()).isEqualTo(500);
            } finally {
                try (Connection connection = TestDb.connect(); Statement statement = connection.createStatement()) {
                    statement.execute("DROP TRIGGER it_fail_one_event ON usage_event_key");
                }
            }
            assertThat(storedEvents()).isZero();

            Api.Reply later = api.postEvents(service, Events.call("ok-2", "ghost"));

            assertThat(later.status()).isEqualTo(200);
            assertThat(storedEvents()).isEqualTo(1);
            assertThat(api.get("/api/v1/customers/ghost", Tokens.user(tenant, "viewer")).status()).isEqualTo(200);
            assertThat(api.get("/api/v1/customers/ghost/events", Tokens.user(tenant, "viewer")).items()).hasSize(1);
        }

        @Test
        void textThatIsNotValidUnicodeIsRejectedAndTwoSuchIdsAreNeverStoredAlike() throws SQLException {
            String body = "[" + api.json(Events.call("x", "coach-1")).replace("\"id\":\"x\"", "\"id\":\"dup\\ud800\"") + ","
                    + api.json(Events.call("x", "coach-1")).replace("\"id\":\"x\"", "\"id\":\"dup\\udbff\"") + ","
                    + api.json(Events.call("fine", "coach-1")) + "]";

            Api.Reply reply = api.post("/internal/v1/events", service, "application/cloudevents-batch+json", body);

            assertThat(reply.status()).isEqualTo(207);
            assertThat(results(reply)).extracting(r -> r.get("status")).containsExactly("rejected", "rejected", "accepted");
            assertThat(results(reply).getFirst())
                    .containsEntry("reason", "id must be valid Unicode text (it holds an unpaired surrogate)");
            assertThat(storedEvents()).isEqualTo(1);
        }

        @Test
        void numbersBeyondWhatCanBeStoredRejectOnlyTheirOwnItem() throws SQLException {
            String template = "{\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"calls\",\"type\":\"call\","
                    + "\"subject\":\"coach-1\",\"data\":{\"x\":%s}}";
            String body = "[" + String.join(",", template.formatted("huge", "1e2147483647"), template.formatted("overflow", "1e2147483648"),
                    template.formatted("tiny", "1e-2147483649"), template.formatted("long", "1" + "0".repeat(56)),
                    template.formatted("trailing-zeros", "1.5000000000000000000"), template.formatted("big-but-fine", "1e20")) + "]";

            Api.Reply reply = api.post("/internal/v1/events", service, "application/cloudevents-batch+json", body);

            assertThat(reply.status()).isEqualTo(207);
            assertThat(results(reply)).extracting(r -> r.get("id") + " " + r.get("status")).containsExactly(
                    "huge rejected", "overflow rejected", "tiny rejected", "long rejected", "trailing-zeros accepted", "big-but-fine accepted");
            assertThat(storedEvents()).isEqualTo(2);
        }
    }

    @Nested
    class MediaTypes {

        @Test
        void oneEventAsCloudEventsJson() {
            Api.Reply reply = api.post("/internal/v1/events", service, "application/cloudevents+json", api.json(Events.call("m-1", "coach-1")));

            assertThat(reply.status()).isEqualTo(200);
            assertThat(results(reply)).containsExactly(Map.of("index", 0, "id", "m-1", "status", "accepted"));
        }

        @Test
        void plainJsonTakesEitherShape() {
            assertThat(api.post("/internal/v1/events", service, "application/json", api.json(Events.call("m-2", "coach-1"))).status())
                    .isEqualTo(200);
            assertThat(api.post("/internal/v1/events", service, "application/json; charset=utf-8",
                    api.json(List.of(Events.call("m-3", "coach-1")))).status()).isEqualTo(200);
        }

        @Test
        void aShapeThatContradictsTheMediaTypeIsRefused() {
            Api.Reply arrayAsOne = api.post("/internal/v1/events", service, "application/cloudevents+json",
                    api.json(List.of(Events.call("m-4", "coach-1"))));
            Api.Reply oneAsBatch = api.post("/internal/v1/events", service, "application/cloudevents-batch+json",
                    api.json(Events.call("m-5", "coach-1")));

            assertThat(arrayAsOne.status()).isEqualTo(400);
            assertThat(arrayAsOne.errors()).singleElement().satisfies(e -> assertThat(e).containsEntry("field", "body"));
            assertThat(oneAsBatch.status()).isEqualTo(400);
        }

        @Test
        void malformedJsonIsRefusedWhole() {
            Api.Reply reply = api.post("/internal/v1/events", service, "application/cloudevents-batch+json", "[{\"id\": \"a\",");

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.map()).containsEntry("type", "urn:tally:problem:malformed-json");
        }

        @Test
        void otherMediaTypesAreUnsupported() {
            assertThat(api.post("/internal/v1/events", service, "text/plain", "hello").status()).isEqualTo(415);
        }
    }
}
