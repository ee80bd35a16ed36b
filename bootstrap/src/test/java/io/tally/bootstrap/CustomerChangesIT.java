package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Bulk customer changes through HTTP: {@code POST /api/v1/admin/customer-changes} and its listing, lookup and revert.
 * Every test defines the plans {@code basic} and {@code gold} in a tenant of its own. The expectations are counted by
 * hand from each test's fixture.
 */
@MicronautTest(transactional = false)
class CustomerChangesIT extends ApiTestSupport {

    static final String PATH = "/api/v1/admin/customer-changes";

    String admin;

    @BeforeEach
    void plans() {
        admin = Tokens.user(tenant, "admin");
        String manager = Tokens.user(tenant, "manager");
        for (String plan : List.of("basic", "gold")) {
            Api.Reply reply = api.post("/api/v1/plans", manager, "application/json", api.json(Map.of("key", plan, "name", plan)));
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        }
    }

    Api.Reply change(String key, Map<String, Object> body) {
        return change(admin, key, body);
    }

    Api.Reply change(String token, String key, Map<String, Object> body) {
        HttpRequest.Builder request = api.request(PATH, token).header("Content-Type", "application/json");
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return api.send(request.POST(HttpRequest.BodyPublishers.ofString(api.json(body))).build());
    }

    void customer(String id, String plan, String status) {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("plan", plan);
        profile.put("status", status);
        Api.Reply reply = api.put("/internal/v1/customers/" + id, Tokens.service(tenant, "customers:write"), api.json(profile));
        assertThat(reply.status()).as(reply.body()).isIn(200, 201);
    }

    static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> customers(Api.Reply reply) {
        return (List<Map<String, Object>>) reply.map().get("customers");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> change(Api.Reply reply) {
        return (Map<String, Object>) reply.map().get("change");
    }

    /**
     * 10,000 ids: {@code c-00001} … {@code c-09000} on basic and active, {@code c-09001} … {@code c-09900} on gold and
     * active already, {@code c-09901} … {@code c-09990} on gold but suspended (written straight to the table, last
     * updated 2026-01-01), and 10 ids no customer has. Moving them to gold and active changes 9,000 + 90 = 9,090, skips 900 and
     * finds no customer for 10.
     */
    @Nested
    class TenThousandCustomers {

        final List<String> ids = new ArrayList<>();
        final Map<String, Object> request = new LinkedHashMap<>();

        @BeforeEach
        void load() throws SQLException {
            try (Connection db = TestDb.connect(); PreparedStatement insert = db.prepareStatement("""
                    INSERT INTO customer (tenant_id, external_id, plan, status, created_at, updated_at)
                    SELECT t.tenant_id, 'c-' || lpad(g::text, 5, '0'),
                           CASE WHEN g <= 9000 THEN 'basic' ELSE 'gold' END,
                           CASE WHEN g <= 9900 THEN 'active' ELSE 'suspended' END,
                           timestamptz '2026-01-01T00:00:00Z', timestamptz '2026-01-01T00:00:00Z'
                      FROM tenant t, generate_series(1, 9990) g
                     WHERE t.tenant_key = ?""")) {
                insert.setString(1, tenant);
                assertThat(insert.executeUpdate()).isEqualTo(9990);
            }
            for (int i = 1; i <= 9990; i++) {
                ids.add("c-%05d".formatted(i));
            }
            for (int i = 1; i <= 10; i++) {
                ids.add("ghost-" + i);
            }
            request.put("customer_ids", ids);
            request.put("set", Map.of("plan", "gold", "status", "active"));
            request.put("reason", "annual promotion");
        }

        @Test
        void aDryRunThenTheChangeThenAReplayThenTheRevertEachDoExactlyWhatTheySay() throws SQLException {
            Map<String, Long> before = profiles();
            assertThat(before).containsExactly(Map.entry("basic/active", 9000L), Map.entry("gold/active", 900L),
                    Map.entry("gold/suspended", 90L));
            long watermark = watermark();

            Map<String, Object> dryRun = new LinkedHashMap<>(request);
            dryRun.put("dry_run", true);
            Api.Reply dry = change("promo-1", dryRun);
            assertThat(dry.status()).as(dry.body()).isEqualTo(200);
            assertThat(dry.map()).containsEntry("dry_run", true).containsEntry("replayed", false).containsEntry("id", null)
                    .containsEntry("change", null);
            assertThat(dry.map().get("counts")).isEqualTo(Map.of("changed", 9090, "not_found", 10, "skipped", 900));
            assertThat(customers(dry)).hasSize(10_000);
            assertThat(profiles()).as("a dry run changes nothing").isEqualTo(before);
            assertThat(changeRows()).isZero();
            assertThat(watermark()).isEqualTo(watermark);
            assertThat(actions("customer.change")).isZero();
            assertThat(api.get(PATH, admin).items()).isEmpty();

            Api.Reply first = change("promo-1", request);
            assertThat(first.status()).as("the dry run left the key unused: " + first.body()).isEqualTo(200);
            assertThat(first.map()).containsEntry("dry_run", false).containsEntry("replayed", false);
            assertThat(first.map().get("counts")).isEqualTo(Map.of("changed", 9090, "not_found", 10, "skipped", 900));
            assertThat(customers(first)).as("the same classification as the dry run").isEqualTo(customers(dry));
            List<Map<String, Object>> outcomes = customers(first);
            assertThat(outcomes).hasSize(10_000);
            assertThat(outcomes.getFirst()).containsEntry("customer", "c-00001").containsEntry("status", "changed").containsEntry("reason", null);
            assertThat(outcomes.get(9000)).containsEntry("customer", "c-09001").containsEntry("status", "skipped")
                    .containsEntry("reason", "already on plan gold and active");
            assertThat(outcomes.get(9900)).containsEntry("customer", "c-09901").containsEntry("status", "changed");
            assertThat(outcomes.getLast()).containsEntry("customer", "ghost-10").containsEntry("status", "not_found");
            Map<String, Object> made = change(first);
            assertThat(made).containsEntry("id", first.map().get("id")).containsEntry("reason", "annual promotion")
                    .containsEntry("scope", "10000 customer ids").containsEntry("actor", "user-of-" + tenant).containsEntry("reverted_at", null)
                    .containsEntry("revert", null);
            assertThat(made.get("set")).isEqualTo(Map.of("plan", "gold", "status", "active"));
            assertThat(profiles()).containsExactly(Map.entry("gold/active", 9990L));
            assertThat(changeRows()).isEqualTo(9090);
            assertThat(touched()).as("updated_at moved for the customers changed, and only for them").isEqualTo(9090);
            assertThat(watermark()).as("analytics caches see the change").isGreaterThan(watermark);

            Api.Reply replay = change("promo-1", request);
            assertThat(replay.status()).isEqualTo(200);
            assertThat(replay.map()).containsEntry("replayed", true).containsEntry("id", first.map().get("id"));
            Map<String, Object> firstAnswer = new LinkedHashMap<>(first.map());
            Map<String, Object> replayAnswer = new LinkedHashMap<>(replay.map());
            firstAnswer.remove("replayed");
            replayAnswer.remove("replayed");
            assertThat(replayAnswer).as("the replay answers exactly the first answer, created_at to the microsecond, except replayed")
                    .isEqualTo(firstAnswer);
            assertThat(changeRows()).as("the replay changed nothing again").isEqualTo(9090);
            assertThat(actions("customer.change")).isEqualTo(1);

            Api.Reply other = change("promo-1", body("customer_ids", ids, "set", Map.of("plan", "basic"), "reason", "annual promotion"));
            assertThat(other.status()).as(other.body()).isEqualTo(422);
            assertThat(other.contentType()).isEqualTo("application/problem+json");
            assertThat(change("promo-1", dryRun).status()).as("the dry run's body is another request now that the key is used").isEqualTo(422);

            String id = first.map().get("id").toString();
            Api.Reply reverted = api.delete(PATH + "/" + id, admin);
            assertThat(reverted.status()).as(reverted.body()).isEqualTo(200);
            assertThat(change(reverted)).containsEntry("reverted_by", "user-of-" + tenant);
            assertThat(change(reverted).get("reverted_at")).isNotNull();
            assertThat(change(reverted).get("revert")).isEqualTo(Map.of("restored", 9090, "kept", 0));
            assertThat(reverted.map().get("kept")).asList().isEmpty();
            assertThat(profiles()).as("every plan and status as before").isEqualTo(before);
            assertThat(api.get(PATH + "/" + id, admin).map().get("change")).isEqualTo(change(reverted));

            Api.Reply again = api.delete(PATH + "/" + id, admin);
            assertThat(again.status()).as(again.body()).isEqualTo(409);
            assertThat(again.contentType()).isEqualTo("application/problem+json");
            assertThat(profiles()).isEqualTo(before);
            assertThat(actions("customer.change.reverted")).isEqualTo(1);
        }

        @Test
        @SuppressWarnings("unchecked")
        void theChangeAndItsRevertAreAuditedWithTheirCounts() {
            Api.Reply made = change("audit-1", request);
            assertThat(made.status()).as(made.body()).isEqualTo(200);
            String id = made.map().get("id").toString();
            assertThat(api.delete(PATH + "/" + id, admin).status()).isEqualTo(200);

            List<Map<String, Object>> entries = api.get("/api/v1/admin/audit?action=customer.change", admin).items();
            assertThat(entries).hasSize(1);
            assertThat(entries.getFirst()).containsEntry("actor", "user-of-" + tenant).containsEntry("target", "customer-change:" + id);
            assertThat(entries.getFirst().get("request_id")).isNotNull();
            Map<String, Object> details = (Map<String, Object>) entries.getFirst().get("details");
            assertThat(details).containsEntry("change_id", id).containsEntry("reason", "annual promotion").containsEntry("scope", "10000 customer ids")
                    .containsEntry("changed", 9090).containsEntry("not_found", 10).containsEntry("skipped", 900)
                    .containsEntry("idempotency_key", "audit-1").containsEntry("set", Map.of("plan", "gold", "status", "active"));

            List<Map<String, Object>> reverts = api.get("/api/v1/admin/audit?action=customer.change.reverted", admin).items();
            assertThat(reverts).hasSize(1);
            assertThat(reverts.getFirst()).containsEntry("target", "customer-change:" + id);
            assertThat((Map<String, Object>) reverts.getFirst().get("details")).containsEntry("change_id", id).containsEntry("changed", 9090)
                    .containsEntry("restored", 9090).containsEntry("kept", 0).containsEntry("reason", "annual promotion");
        }

        /** Plan and status of the tenant's customers, "plan/status" to how many. */
        Map<String, Long> profiles() throws SQLException {
            Map<String, Long> counts = new TreeMap<>();
            try (Connection db = TestDb.connect(); PreparedStatement select = db.prepareStatement("""
                    SELECT c.plan || '/' || c.status, count(*) FROM customer c JOIN tenant t ON t.tenant_id = c.tenant_id
                     WHERE t.tenant_key = ? GROUP BY 1""")) {
                select.setString(1, tenant);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        counts.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
            return counts;
        }

        /** Customers whose updated_at is the time of the tenant's (one) customer change. */
        long touched() throws SQLException {
            return count("""
                    SELECT count(*) FROM customer c JOIN tenant t ON t.tenant_id = c.tenant_id
                     WHERE t.tenant_key = ? AND c.updated_at = (SELECT created_at FROM customer_change h WHERE h.tenant_id = t.tenant_id)""");
        }
    }

    /**
     * By plan: a (basic, active), b (basic, suspended), e (basic, closed), f (basic, active, erased), c (gold) and d (no
     * plan). Suspending everyone on basic changes a and e, skips b (already suspended) and f (erased); c and d are not
     * selected.
     */
    @Test
    void aPlanSelectsItsCustomersAndEachIsClassified() throws SQLException {
        customer("a", "basic", "active");
        customer("b", "basic", "suspended");
        customer("c", "gold", "active");
        customer("d", null, "active");
        customer("e", "basic", "closed");
        customer("f", "basic", "active");
        try (Connection db = TestDb.connect(); PreparedStatement erase = db.prepareStatement(
                "UPDATE customer SET erased_at = now() WHERE external_id = 'f' AND tenant_id = (SELECT tenant_id FROM tenant WHERE tenant_key = ?)")) {
            erase.setString(1, tenant);
            assertThat(erase.executeUpdate()).isEqualTo(1);
        }

        Api.Reply reply = change("suspend-basic", body("plan", "basic", "set", Map.of("status", "suspended"), "reason", "unpaid invoices"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.map().get("counts")).isEqualTo(Map.of("changed", 2, "not_found", 0, "skipped", 2));
        assertThat(customers(reply)).containsExactly(
                outcome("a", "changed", null),
                outcome("b", "skipped", "already suspended"),
                outcome("e", "changed", null),
                outcome("f", "skipped", "erased at their request"));
        assertThat(change(reply)).containsEntry("scope", "plan basic");
        assertThat(change(reply).get("set")).isEqualTo(body("plan", null, "status", "suspended"));
        String viewer = Tokens.user(tenant, "viewer");
        assertThat(api.get("/api/v1/customers/a", viewer).map()).containsEntry("plan", "basic").containsEntry("status", "suspended");
        assertThat(api.get("/api/v1/customers/e", viewer).map()).containsEntry("status", "suspended");
        assertThat(api.get("/api/v1/customers/c", viewer).map()).containsEntry("status", "active");
        assertThat(api.get("/api/v1/customers/d", viewer).map()).containsEntry("status", "active");
        assertThat(changeRows()).isEqualTo(2);
    }

    /**
     * x, y and z move from basic to gold; then the product sends y's profile with plan pro. Reverting the change puts x
     * and z back on basic and keeps y on pro: reverting never undoes a later change.
     */
    @Test
    void aRevertKeepsACustomerChangedSinceAsItIs() {
        for (String id : List.of("x", "y", "z")) {
            customer(id, "basic", "active");
        }
        Api.Reply made = change("move-1", body("customer_ids", List.of("x", "y", "z", "x"), "set", Map.of("plan", "gold"), "reason", "migration"));
        assertThat(made.status()).as(made.body()).isEqualTo(200);
        assertThat(made.map().get("counts")).as("x counts once").isEqualTo(Map.of("changed", 3, "not_found", 0, "skipped", 0));
        assertThat(change(made)).containsEntry("scope", "3 customer ids");
        customer("y", "pro", "active");

        Api.Reply reverted = api.delete(PATH + "/" + made.map().get("id"), admin);

        assertThat(reverted.status()).as(reverted.body()).isEqualTo(200);
        assertThat(change(reverted).get("revert")).isEqualTo(Map.of("restored", 2, "kept", 1));
        assertThat(reverted.map().get("kept")).isEqualTo(List.of(outcome("y", "skipped", "changed since: now on plan pro and active")));
        String viewer = Tokens.user(tenant, "viewer");
        assertThat(api.get("/api/v1/customers/x", viewer).map()).containsEntry("plan", "basic");
        assertThat(api.get("/api/v1/customers/y", viewer).map()).containsEntry("plan", "pro");
        assertThat(api.get("/api/v1/customers/z", viewer).map()).containsEntry("plan", "basic");
    }

    @Test
    void invalidRequestsAreRefusedNamingTheField() {
        customer("a", "basic", "active");
        Map<String, Object> set = Map.of("plan", "gold");
        assertThat(field(change("v-1", body("set", set, "reason", "r")))).as("no selector").isEqualTo("customer_ids");
        assertThat(field(change("v-2", body("customer_ids", List.of("a"), "plan", "basic", "set", set, "reason", "r")))).as("both selectors")
                .isEqualTo("customer_ids");
        assertThat(field(change("v-3", body("customer_ids", List.of("a"), "set", Map.of(), "reason", "r")))).as("an empty set").isEqualTo("set");
        assertThat(field(change("v-4", body("customer_ids", List.of("a"), "reason", "r")))).as("no set").isEqualTo("set");
        Api.Reply unknown = change("v-5", body("customer_ids", List.of("a"), "set", Map.of("plan", "platinum"), "reason", "r"));
        assertThat(field(unknown)).as("a plan the tenant did not define").isEqualTo("set.plan");
        assertThat(unknown.errors().getFirst().get("message").toString()).contains("platinum").contains("basic, gold");
        assertThat(field(change("v-6", body("customer_ids", List.of("a"), "set", Map.of("status", "gone"), "reason", "r")))).isEqualTo("set.status");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= 10_000; i++) {
            tooMany.add("n-" + i);
        }
        assertThat(field(change("v-7", body("customer_ids", tooMany, "set", set, "reason", "r")))).as("10,001 ids").isEqualTo("customer_ids");
        assertThat(field(change("v-8", body("customer_ids", List.of(), "set", set, "reason", "r")))).as("no ids").isEqualTo("customer_ids");
        assertThat(field(change("v-9", body("customer_ids", List.of("a"), "set", set)))).as("no reason").isEqualTo("reason");
        assertThat(field(change("v-10", body("customer_ids", List.of("a/b"), "set", set, "reason", "r")))).isEqualTo("customer_ids[0]");
        assertThat(field(change(null, body("customer_ids", List.of("a"), "set", set, "reason", "r")))).isEqualTo("Idempotency-Key");
        assertThat(field(api.get(PATH + "/not-a-uuid", admin))).isEqualTo("id");
        assertThat(api.get(PATH + "/0c3e8d2a-6a55-4c0e-9a53-8f0a4b1d2e77", admin).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/customers/a", Tokens.user(tenant, "viewer")).map()).as("nothing was changed").containsEntry("plan", "basic");
        assertThat(actions("customer.change")).isZero();
    }

    @Test
    void customerChangesAreForAdminsOfTheTenantOnly() {
        customer("a", "basic", "active");
        Map<String, Object> request = body("customer_ids", List.of("a"), "set", Map.of("plan", "gold"), "reason", "test");
        Api.Reply made = change("roles-1", request);
        assertThat(made.status()).as(made.body()).isEqualTo(200);
        String id = made.map().get("id").toString();
        for (String role : List.of("viewer", "analyst", "manager")) {
            String token = Tokens.user(tenant, role);
            assertThat(change(token, "k-" + role, request).status()).as(role).isEqualTo(403);
            assertThat(api.get(PATH, token).status()).as(role).isEqualTo(403);
            assertThat(api.get(PATH + "/" + id, token).status()).as(role).isEqualTo(403);
            assertThat(api.delete(PATH + "/" + id, token).status()).as(role).isEqualTo(403);
        }
        String service = Tokens.service(tenant, "customers:write", "events:write", "billing:write", "quota:read");
        assertThat(change(service, "k-service", request).status()).isEqualTo(401);
        assertThat(api.get(PATH, service).status()).isEqualTo(401);
        assertThat(api.delete(PATH + "/" + id, service).status()).isEqualTo(401);
        assertThat(api.get(PATH, Tokens.customerUser(tenant, List.of("a"), "admin")).status()).as("an admin token limited to customers")
                .isEqualTo(403);
        String stranger = Tokens.user(Tokens.freshTenant(), "admin");
        assertThat(api.get(PATH + "/" + id, stranger).status()).isEqualTo(404);
        assertThat(api.delete(PATH + "/" + id, stranger).status()).isEqualTo(404);
        assertThat(api.get(PATH, stranger).items()).isEmpty();
        assertThat(api.get(PATH + "/" + id, Tokens.user(tenant, "owner")).status()).as("owners are admins too").isEqualTo(200);
        assertThat(api.get("/api/v1/customers/a", Tokens.user(tenant, "viewer")).map()).as("only the admin's change happened")
                .containsEntry("plan", "gold");
    }

    @Test
    void theChangesAreListedNewestFirstAPageAtATimeAndEachCanBeLookedUp() {
        customer("a", "basic", "active");
        List<String> made = new ArrayList<>();
        for (String plan : List.of("gold", "basic", "gold")) {
            Api.Reply reply = change("page-" + made.size(), body("customer_ids", List.of("a", "nobody"), "set", Map.of("plan", plan),
                    "reason", "step " + made.size()));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            made.add(reply.map().get("id").toString());
        }

        Api.Reply first = api.get(PATH + "?limit=2", admin);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.items()).extracting(item -> item.get("id")).containsExactly(made.get(2), made.get(1));
        assertThat(first.items().getFirst()).containsEntry("reason", "step 2").containsEntry("counts", Map.of("changed", 1, "not_found", 1,
                "skipped", 0));
        Api.Reply second = api.get(PATH + "?limit=2&cursor=" + first.map().get("next_cursor"), admin);
        assertThat(second.items()).extracting(item -> item.get("id")).containsExactly(made.get(0));
        assertThat(second.map().get("next_cursor")).isNull();
        assertThat(field(api.get(PATH + "?limit=0", admin))).isEqualTo("limit");

        Api.Reply one = api.get(PATH + "/" + made.get(1), admin);
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.map()).containsEntry("id", made.get(1)).containsEntry("dry_run", false).containsEntry("replayed", false);
        assertThat(customers(one)).containsExactly(outcome("a", "changed", null), outcome("nobody", "not_found", null));
    }

    static Map<String, Object> outcome(String customer, String status, String reason) {
        return body("customer", customer, "status", status, "reason", reason);
    }

    static String field(Api.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.errors()).as(reply.body()).hasSize(1);
        return reply.errors().getFirst().get("field").toString();
    }

    long changeRows() throws SQLException {
        return count("""
                SELECT count(*) FROM customer_change_customer cc JOIN tenant t ON t.tenant_id = cc.tenant_id WHERE t.tenant_key = ?""");
    }

    long watermark() throws SQLException {
        return count("""
                SELECT coalesce(max(v.version), 0) FROM tenant_data_version v JOIN tenant t ON t.tenant_id = v.tenant_id WHERE t.tenant_key = ?""");
    }

    long count(String sql) throws SQLException {
        try (Connection db = TestDb.connect(); PreparedStatement select = db.prepareStatement(sql)) {
            select.setString(1, tenant);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    long actions(String action) {
        try {
            return TestDb.auditEntries(tenant).stream().filter(entry -> action.equals(entry.get("action"))).count();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
