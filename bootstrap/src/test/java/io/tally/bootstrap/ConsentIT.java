package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Consent through the real server: statements from the product ({@code POST /internal/v1/consents}), a customer's consent
 * read back, and a tenant that requires consent for analytics refusing, item by item, the events of customers without it.
 */
@MicronautTest(transactional = false)
class ConsentIT extends ApiTestSupport {

    String consent;
    String events;
    String owner;

    @BeforeEach
    void tokens() {
        consent = Tokens.service(tenant, "consent:write");
        events = Tokens.service(tenant, "events:write");
        owner = Tokens.user(tenant, "owner");
    }

    Api.Reply state(String customer, String category, boolean given, String at) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("customer", customer);
        statement.put("category", category);
        statement.put("given", given);
        statement.put("version", "privacy-2027-01");
        statement.put("legal_basis", "consent");
        statement.put("purpose", "product analytics");
        statement.put("at", at);
        return api.post("/internal/v1/consents", consent, "application/json", api.json(statement));
    }

    static String ago(long minutes) {
        return TestClock.now().minus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    void requireConsent(List<String> categories) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("timezone", "UTC");
        settings.put("currency", "EUR");
        settings.put("consent_required", categories);
        Api.Reply reply = api.put("/api/v1/tenant/settings", owner, api.json(settings));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.map().get("consent_required")).isEqualTo(categories);
    }

    @Test
    void missingConsentRefusesOnlyThatCustomersEvents() {
        assertThat(state("ada", "analytics", true, ago(60)).status()).isEqualTo(201);
        assertThat(state("bob", "marketing", true, ago(60)).status()).isEqualTo(201);
        assertThat(state("cyd", "analytics", true, ago(60)).status()).isEqualTo(201);
        assertThat(state("cyd", "analytics", false, ago(30)).status()).isEqualTo(201);
        // a statement sent late, about an earlier moment, does not undo the withdrawal
        assertThat(state("cyd", "analytics", true, ago(45)).status()).isEqualTo(201);
        requireConsent(List.of("analytics"));

        String at = ago(5);
        List<Map<String, Object>> batch = List.of(
                Events.event("e-ada-1", "calls", "call", "ada", at, Map.of("outcome", "completed")),
                Events.event("e-bob-1", "calls", "call", "bob", at, Map.of("outcome", "completed")),
                Events.event("e-cyd-1", "calls", "call", "cyd", at, Map.of("outcome", "completed")),
                Events.event("e-dan-1", "calls", "call", "dan", at, Map.of("outcome", "completed")),
                Events.event("e-ada-2", "calls", "call", "ada", at, Map.of("outcome", "failed")));
        Api.Reply reply = api.postEvents(events, batch);
        assertThat(reply.status()).as(reply.body()).isEqualTo(207);
        assertThat(reply.map()).containsEntry("accepted", 2).containsEntry("rejected", 3);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) reply.map().get("results");
        assertThat(results).extracting(result -> result.get("status")).containsExactly("accepted", "rejected", "rejected", "rejected", "accepted");
        assertThat(results.get(1)).containsEntry("reason",
                "customer 'bob' has no current consent for analytics (the tenant's consent_required): the event is not stored");
        assertThat(api.get("/api/v1/customers/ada/events", owner).items()).hasSize(2);
        assertThat(api.get("/api/v1/customers/cyd/events", owner).items()).isEmpty();

        Api.Reply cyd = api.get("/api/v1/customers/cyd/consents", Tokens.customerUser(tenant, List.of("cyd"), "viewer"));
        assertThat(cyd.status()).as(cyd.body()).isEqualTo(200);
        assertThat(cyd.map()).containsEntry("required", List.of("analytics")).containsEntry("missing", List.of("analytics"));
        @SuppressWarnings("unchecked")
        Map<String, Object> current = (Map<String, Object>) ((Map<String, Object>) cyd.map().get("current")).get("analytics");
        assertThat(current).containsEntry("given", false).containsEntry("version", "privacy-2027-01").containsEntry("legal_basis", "consent");
        assertThat((List<?>) cyd.map().get("history")).hasSize(3);

        // consent given now: the next event is stored
        assertThat(state("bob", "analytics", true, ago(1)).status()).isEqualTo(201);
        assertThat(api.postEvents(events, List.of(Events.event("e-bob-2", "calls", "call", "bob", at, Map.of("outcome", "completed"))))
                .map()).containsEntry("accepted", 1);
    }

    @Test
    void statementsAreCheckedScopedAndAudited() {
        Api.Reply bad = state("ada", "Analytics!", true, ago(1));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errors().getFirst()).containsEntry("field", "category");
        Map<String, Object> basis = Map.of("customer", "ada", "category", "analytics", "given", true, "version", "v1",
                "legal_basis", "because", "at", ago(1));
        assertThat(api.post("/internal/v1/consents", consent, "application/json", api.json(basis)).errors().getFirst())
                .containsEntry("field", "legal_basis");
        Map<String, Object> future = Map.of("customer", "ada", "category", "analytics", "given", true, "version", "v1",
                "legal_basis", "consent", "at", TestClock.now().plus(1, ChronoUnit.DAYS).toString());
        assertThat(api.post("/internal/v1/consents", consent, "application/json", api.json(future)).errors().getFirst())
                .containsEntry("field", "at");
        assertThat(api.post("/internal/v1/consents", events, "application/json", api.json(basis)).status()).isEqualTo(403);

        assertThat(state("ada", "analytics", true, ago(1)).status()).isEqualTo(201);
        assertThat(api.get("/api/v1/customers/ada/consents", Tokens.customerUser(tenant, List.of("other"), "viewer")).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/customers/ada/consents", Tokens.user(Tokens.freshTenant(), "owner")).status()).isEqualTo(404);
        Api.Reply audit = api.get("/api/v1/admin/audit?action=consent.given", Tokens.user(tenant, "admin"));
        assertThat(audit.items()).singleElement().satisfies(entry -> assertThat(entry).containsEntry("target", "customer:ada"));
    }
}
