package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class ServiceTokensIT extends ApiTestSupport {

    private static final String PATH = "/api/v1/admin/service-tokens";
    private static final String PROFILE = """
            {"display_name": "Acme", "timezone": "UTC", "country": "DE", "currency": "EUR", "plan": "basic",
             "signed_up_at": "%s", "status": "active"}""".formatted(Instant.now().minus(Duration.ofDays(300)).truncatedTo(ChronoUnit.SECONDS));

    @Test
    void anIssuedTokenWorksIsListedWithItsLastUseAndIsRefusedOnEveryNodeOnceRevoked() throws Exception {
        String admin = Tokens.user(tenant, "admin");
        Api.Reply issued = api.post(PATH, admin, "application/json",
                "{\"name\": \"billing-sync\", \"scope\": \"customers:write quota:read\", \"ttl\": \"P30D\"}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        Map<String, Object> body = issued.map();
        String token = (String) body.get("token");
        String jti = (String) body.get("jti");
        assertThat(issued.headers().firstValue("Location")).hasValue(PATH + "/" + jti);
        assertThat(body).containsEntry("name", "billing-sync").containsEntry("scope", "customers:write quota:read");
        assertThat(Duration.between(Instant.parse((String) body.get("created_at")), Instant.parse((String) body.get("expires_at"))))
                .isEqualTo(Duration.ofDays(30));
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(json.readValue(claims, Map.class)).containsEntry("jti", jti).containsEntry("tenant", tenant)
                .containsEntry("aud", "tally-internal").containsEntry("scope", "customers:write quota:read").containsEntry("sub", "billing-sync");

        // it works for what its scope allows, and only for that
        assertThat(api.put("/internal/v1/customers/acme", token, PROFILE).status()).isIn(200, 201);
        assertThat(api.postEvents(token, List.of()).status()).isEqualTo(403);

        // the list shows it, never the token, and its last use within the flush interval (5 s)
        Map<String, Object> listed = awaitListed(admin, jti, entry -> entry.get("last_used_at") != null, Duration.ofSeconds(15));
        assertThat(listed).containsEntry("name", "billing-sync").containsEntry("status", "active").containsEntry("created_by", "user-of-" + tenant)
                .containsEntry("revoked_at", null).doesNotContainKey("token");
        assertThat(api.get(PATH, admin).body()).doesNotContain(token).doesNotContain(token.split("\\.")[2]);

        try (ApplicationContext context = ApplicationContext.run(Map.of("micronaut.server.port", -1), "test")) {
            EmbeddedServer other = context.getBean(EmbeddedServer.class).start();
            Api second = new Api(other.getURI(), context.getBean(JsonMapper.class));
            assertThat(second.put("/internal/v1/customers/acme", token, PROFILE).status()).isEqualTo(200);

            Api.Reply revoked = api.delete(PATH + "/" + jti, admin);
            Instant at = Instant.now();
            assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
            assertThat(revoked.map()).containsEntry("status", "revoked").containsEntry("revoked_by", "user-of-" + tenant);

            // the revoking node refuses it at once; the other one within 5 s
            assertThat(api.put("/internal/v1/customers/acme", token, PROFILE).status()).isEqualTo(401);
            int status = 200;
            while (Duration.between(at, Instant.now()).compareTo(Duration.ofSeconds(5)) < 0
                    && (status = second.put("/internal/v1/customers/acme", token, PROFILE).status()) != 401) {
                Thread.sleep(100);
            }
            assertThat(status).as("the second node refuses the revoked token within 5 s").isEqualTo(401);
        }

        assertThat(api.delete(PATH + "/" + jti, admin).status()).isEqualTo(409);
        Api.Reply audit = api.get("/api/v1/admin/audit?action=service_token.issued", admin);
        assertThat(audit.items()).extracting(entry -> entry.get("target")).containsExactly("service_token:" + jti);
        assertThat(api.get("/api/v1/admin/audit?action=service_token.revoked", admin).items())
                .extracting(entry -> entry.get("target")).containsExactly("service_token:" + jti);
    }

    @Test
    void theDefaultLifetimeIs90DaysAndTheListPages() {
        String admin = Tokens.user(tenant, "owner");
        List<String> jtis = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Api.Reply issued = api.post(PATH, admin, "application/json", "{\"name\": \"svc-" + i + "\", \"scope\": \"events:write\"}");
            assertThat(issued.status()).as(issued.body()).isEqualTo(201);
            Map<String, Object> body = issued.map();
            assertThat(Duration.between(Instant.parse((String) body.get("created_at")), Instant.parse((String) body.get("expires_at"))))
                    .isEqualTo(Duration.ofDays(90));
            jtis.add((String) body.get("jti"));
        }
        Api.Reply first = api.get(PATH + "?limit=2", admin);
        assertThat(first.items()).extracting(item -> item.get("name")).containsExactly("svc-2", "svc-1");
        Api.Reply second = api.get(PATH + "?limit=2&cursor=" + first.map().get("next_cursor"), admin);
        assertThat(second.items()).extracting(item -> item.get("jti")).containsExactly(jtis.get(0));
        assertThat(second.map().get("next_cursor")).isNull();
        assertThat(api.get(PATH + "?cursor=nonsense", admin).status()).isEqualTo(400);
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        String admin = Tokens.user(tenant, "admin");
        assertField(api.post(PATH, admin, "application/json", "{\"scope\": \"events:write\"}"), "name");
        assertField(api.post(PATH, admin, "application/json", "{\"name\": \" \", \"scope\": \"events:write\"}"), "name");
        assertField(api.post(PATH, admin, "application/json", "{\"name\": \"x\"}"), "scope");
        assertField(api.post(PATH, admin, "application/json", "{\"name\": \"x\", \"scope\": \"events:write admin\"}"), "scope");
        assertField(api.post(PATH, admin, "application/json", "{\"name\": \"x\", \"scope\": \"events:write\", \"ttl\": \"30 days\"}"), "ttl");
        assertField(api.post(PATH, admin, "application/json", "{\"name\": \"x\", \"scope\": \"events:write\", \"ttl\": \"P3Y\"}"), "ttl");
        assertField(api.post(PATH, admin, "application/json", "{\"name\": \"x\", \"scope\": \"events:write\", \"ttl\": \"P1000D\"}"), "ttl");
        assertField(api.post(PATH, admin, "application/json", "{\"name\": \"x\", \"scope\": \"events:write\", \"ttl\": \"PT1M\"}"), "ttl");
        assertField(api.delete(PATH + "/not-a-uuid", admin), "jti");
        assertThat(api.delete(PATH + "/6f1c2b1e-9a47-4f0e-8d0c-1b2a3c4d5e6f", admin).status()).isEqualTo(404);
        assertThat(api.get(PATH, admin).items()).isEmpty();
    }

    @Test
    void onlyAdminsManageTokensAndOnlyTheirTenants() {
        String body = "{\"name\": \"x\", \"scope\": \"events:write\"}";
        for (String role : List.of("viewer", "analyst", "manager")) {
            String token = Tokens.user(tenant, role);
            assertThat(api.post(PATH, token, "application/json", body).status()).as(role).isEqualTo(403);
            assertThat(api.get(PATH, token).status()).as(role).isEqualTo(403);
        }
        assertThat(api.post(PATH, Tokens.service(tenant, "events:write"), "application/json", body).status()).isEqualTo(401);
        assertThat(api.get(PATH, null).status()).isEqualTo(401);

        Api.Reply issued = api.post(PATH, Tokens.user(tenant, "admin"), "application/json", body);
        String jti = (String) issued.map().get("jti");
        String other = Tokens.user(Tokens.freshTenant(), "owner");
        assertThat(api.delete(PATH + "/" + jti, other).status()).isEqualTo(404);
        assertThat(api.get(PATH, other).items()).isEmpty();
        assertThat(api.delete(PATH + "/" + jti, Tokens.user(tenant, "manager")).status()).isEqualTo(403);
        // a managed token of one tenant is not a key to another's data: its tenant claim is its own
        String token = (String) issued.map().get("token");
        assertThat(api.get(PATH, token).status()).isEqualTo(401);
    }

    private Map<String, Object> awaitListed(String admin, String jti, java.util.function.Predicate<Map<String, Object>> until, Duration most)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(most);
        Map<String, Object> entry = Map.of();
        while (Instant.now().isBefore(deadline)) {
            entry = api.get(PATH, admin).items().stream().filter(item -> jti.equals(item.get("jti"))).findFirst().orElseThrow();
            if (until.test(entry)) {
                return entry;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not seen in " + most + ": " + entry);
    }

    private static void assertField(Api.Reply reply, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.errors()).extracting(error -> error.get("field")).contains(field);
    }
}
