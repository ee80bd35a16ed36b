package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class CustomersIT extends ApiTestSupport {

    /** A month ago on the test clock. */
    private static final LocalDate SIGNED_UP = TestClock.today(ZoneOffset.UTC).minusDays(30);
    private static final String PROFILE = """
            {"display_name": "王小明", "timezone": "Asia/Taipei", "country": "TW", "currency": "TWD", "plan": "basic",
             "signed_up_at": "%sT08:30:00+08:00", "status": "active"}""".formatted(SIGNED_UP);

    String service;
    String viewer;

    @BeforeEach
    void setUp() {
        service = Tokens.service(tenant, "customers:write");
        viewer = Tokens.user(tenant, "viewer");
    }

    @Test
    void anUpsertCreatesThenReplacesAndARepeatChangesNothing() {
        Api.Reply created = api.put("/internal/v1/customers/wang", service, PROFILE);
        Api.Reply repeated = api.put("/internal/v1/customers/wang", service, PROFILE);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/customers/wang");
        // 08:30 in Taipei (+08:00) is 00:30 UTC the same day
        assertThat(created.map()).containsEntry("external_id", "wang").containsEntry("display_name", "王小明")
                .containsEntry("timezone", "Asia/Taipei").containsEntry("country", "TW").containsEntry("currency", "TWD")
                .containsEntry("plan", "basic").containsEntry("signed_up_at", SIGNED_UP + "T00:30:00Z").containsEntry("status", "active");
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(repeated.map()).isEqualTo(created.map());
        assertThat(api.get("/api/v1/customers/wang", viewer).map()).isEqualTo(created.map());
    }

    @Test
    void anUpsertReplacesTheWholeProfile() {
        api.put("/internal/v1/customers/wang", service, PROFILE);

        Api.Reply replaced = api.put("/internal/v1/customers/wang", service, "{\"display_name\": \"Wang Xiaoming\", \"status\": \"suspended\"}");

        assertThat(replaced.status()).isEqualTo(200);
        Map<String, Object> body = replaced.map();
        assertThat(body).containsEntry("display_name", "Wang Xiaoming").containsEntry("status", "suspended")
                .containsEntry("timezone", null).containsEntry("plan", null);
        assertThat((String) body.get("updated_at")).isGreaterThan((String) body.get("created_at"));
    }

    @Test
    void idsWithSpacesAccentsCjkAndReservedCharactersTravelInTheUrlAndTheLocation() {
        for (String id : List.of("Łódź-田中", "Acme Corp", "a?b#c%d")) {
            String path = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");

            Api.Reply created = api.put("/internal/v1/customers/" + path, service, "{\"display_name\": \"Ærøskøbing\"}");

            assertThat(created.status()).as(id).isEqualTo(201);
            assertThat(created.headers().firstValue("Location")).as(id).hasValue("/api/v1/customers/" + path);
            assertThat(api.get(created.headers().firstValue("Location").orElseThrow(), viewer).map())
                    .containsEntry("external_id", id).containsEntry("display_name", "Ærøskøbing");
        }
    }

    @Test
    void anInvalidProfileIsRefusedNamingEachField() {
        Api.Reply reply = api.put("/internal/v1/customers/c1", service,
                "{\"timezone\": \"Taipei\", \"country\": \"tw\", \"currency\": \"EURO\", \"plan\": \"has space\", \"status\": \"gone\", \"display_name\": \"\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errors()).extracting(e -> e.get("field"))
                .containsExactly("country", "currency", "display_name", "plan", "status", "timezone");
        assertThat(api.get("/api/v1/customers/c1", viewer).status()).isEqualTo(404);
    }

    @Test
    void anInvalidSignUpTimeIsRefused() {
        Api.Reply reply = api.put("/internal/v1/customers/c1", service, "{\"signed_up_at\": \"yesterday\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.errors()).containsExactly(Map.of("field", "signed_up_at",
                "message", "must be an RFC 3339 date-time with an offset, such as 2026-03-01T09:00:00Z"));
        assertThat(reply.body()).doesNotContain("io.tally").doesNotContain("OffsetDateTime");
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        Api.Reply reply = api.put("/internal/v1/customers/c1", service, "\"just a string\"");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errors()).containsExactly(Map.of("field", "body", "message", "a value must be a JSON object"));
    }

    @Test
    void anInvalidExternalIdInThePathIsRefused() {
        Api.Reply reply = api.put("/internal/v1/customers/%20padded", service, "{}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errors()).extracting(e -> e.get("field")).containsExactly("external_id");
    }

    @Test
    void theListPagesThroughEveryCustomerInExternalIdOrder() {
        List<String> ids = List.of("delta", "alpha", "echo", "charlie", "bravo");
        ids.forEach(id -> api.put("/internal/v1/customers/" + id, service, "{}"));

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            Api.Reply page = api.get("/api/v1/customers?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), viewer);
            assertThat(page.status()).isEqualTo(200);
            page.items().forEach(item -> seen.add((String) item.get("external_id")));
            pageSizes.add(page.items().size());
            cursor = (String) page.map().get("next_cursor");
        } while (cursor != null);

        assertThat(seen).containsExactly("alpha", "bravo", "charlie", "delta", "echo");
        assertThat(pageSizes).containsExactly(2, 2, 1);
    }

    @Test
    void theDefaultPageHoldsFiftyAndAnEmptyTenantHasAnEmptyLastPage() {
        Api.Reply reply = api.get("/api/v1/customers", viewer);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.map()).containsEntry("items", List.of()).containsEntry("next_cursor", null);
    }

    @Test
    void aSearchFindsCustomersByIdOrNameInAnyCaseAndPagesThroughThem() {
        api.put("/internal/v1/customers/acme-de", service, "{\"display_name\": \"Acme Analytics GmbH\"}");
        api.put("/internal/v1/customers/acme-us", service, "{\"display_name\": \"ACME Inc.\"}");
        api.put("/internal/v1/customers/globex", service, "{\"display_name\": \"Globex (formerly Acme Labs)\"}");
        api.put("/internal/v1/customers/initech", service, "{\"display_name\": \"Initech\"}");

        Api.Reply first = api.get("/api/v1/customers?q=aCmE&limit=2", viewer);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.items()).extracting(item -> item.get("external_id")).containsExactly("acme-de", "acme-us");
        Api.Reply second = api.get("/api/v1/customers?q=aCmE&limit=2&cursor=" + first.map().get("next_cursor"), viewer);
        assertThat(second.items()).extracting(item -> item.get("external_id")).containsExactly("globex");
        assertThat(second.map().get("next_cursor")).isNull();
        assertThat(api.get("/api/v1/customers?q=nothing-like-it", viewer).items()).isEmpty();
        // a customer-scoped token searches only its own customers
        Api.Reply scoped = api.get("/api/v1/customers?q=acme", Tokens.customerUser(tenant, List.of("acme-us", "initech"), "viewer"));
        assertThat(scoped.items()).extracting(item -> item.get("external_id")).containsExactly("acme-us");

        Api.Reply tooLong = api.get("/api/v1/customers?q=" + "x".repeat(101), viewer);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errors()).extracting(e -> e.get("field")).containsExactly("q");
    }

    @Test
    void pageSizesOutsideOneTo200AreRefused() {
        for (String limit : List.of("0", "201", "-1")) {
            Api.Reply reply = api.get("/api/v1/customers?limit=" + limit, viewer);

            assertThat(reply.status()).as(limit).isEqualTo(400);
            assertThat(reply.errors()).extracting(e -> e.get("field")).containsExactly("limit");
        }
        Api.Reply notANumber = api.get("/api/v1/customers?limit=ten", viewer);
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.errors()).containsExactly(Map.of("field", "limit", "message", "must be a whole number"));
    }

    @Test
    void aForgedCursorIsRefused() {
        Api.Reply reply = api.get("/api/v1/customers?cursor=bm90LWEtY3Vyc29y", viewer);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errors()).singleElement().satisfies(e -> assertThat(e).containsEntry("field", "cursor"));
    }
}
