package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class UsageHistoryIT extends ApiTestSupport {

    static final Instant BASE = TestClock.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.DAYS);

    String viewer;

    @BeforeEach
    void loadHistory() {
        viewer = Tokens.user(tenant, "viewer");
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            events.add(Events.event("call-" + i, "calls", "call", "acme", BASE.plus(i, ChronoUnit.HOURS).toString(),
                    Map.of("outcome", i % 2 == 0 ? "completed" : "busy", "duration_s", 60 + i)));
        }
        events.add(Events.event("session-1", "sessions", "session", "acme", BASE.plus(3, ChronoUnit.HOURS).toString(),
                Map.of("duration_s", 1800)));
        events.add(Events.event("call-other", "calls", "call", "globex", BASE.toString(), Map.of()));
        assertThat(api.postEvents(Tokens.service(tenant, "events:write"), events).status()).isEqualTo(200);
    }

    private List<String> ids(Api.Reply reply) {
        assertThat(reply.status()).isEqualTo(200);
        return reply.items().stream().map(item -> (String) item.get("id")).toList();
    }

    @Test
    void newestFirstWithTiesInSourceAndIdOrder() {
        assertThat(ids(api.get("/api/v1/customers/acme/events", viewer)))
                .containsExactly("call-6", "call-5", "call-4", "session-1", "call-3", "call-2", "call-1", "call-0");
    }

    @Test
    void eachEventShowsItsDataAsSent() {
        Map<String, Object> event = api.get("/api/v1/customers/acme/events?type=session", viewer).items().getFirst();

        assertThat(event).containsEntry("id", "session-1").containsEntry("source", "sessions").containsEntry("type", "session")
                .containsEntry("time", BASE.plus(3, ChronoUnit.HOURS).toString())
                .containsEntry("data", Map.of("duration_s", 1800)).containsKey("received_at");
    }

    @Test
    void filtersByTypeAndTimeWithFromInclusiveAndToExclusive() {
        String from = BASE.plus(2, ChronoUnit.HOURS).toString();
        String to = BASE.plus(5, ChronoUnit.HOURS).toString();

        assertThat(ids(api.get("/api/v1/customers/acme/events?type=call&from=" + from + "&to=" + to, viewer)))
                .containsExactly("call-4", "call-3", "call-2");
    }

    @Test
    void pagesThroughEverythingWithTheCursor() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Reply page = api.get("/api/v1/customers/acme/events?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), viewer);
            seen.addAll(ids(page));
            cursor = (String) page.map().get("next_cursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("call-6", "call-5", "call-4", "session-1", "call-3", "call-2", "call-1", "call-0");
    }

    @Test
    void aCustomerScopedTokenSeesItsOwnHistoryOnly() {
        String acmeOnly = Tokens.customerUser(tenant, List.of("acme"), "viewer");

        assertThat(ids(api.get("/api/v1/customers/acme/events", acmeOnly))).hasSize(8);
        assertThat(api.get("/api/v1/customers/globex/events", acmeOnly).status()).isEqualTo(404);
    }

    @Test
    void anotherTenantsCustomerAndAnUnknownOneAreNotFound() {
        assertThat(api.get("/api/v1/customers/acme/events", Tokens.user(Tokens.freshTenant(), "viewer")).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/customers/nobody/events", viewer).status()).isEqualTo(404);
    }

    @Test
    void invalidParametersAreNamed() {
        assertThat(api.get("/api/v1/customers/acme/events?limit=501", viewer).errors())
                .extracting(e -> e.get("field")).containsExactly("limit");
        assertThat(api.get("/api/v1/customers/acme/events?from=yesterday", viewer).errors())
                .extracting(e -> e.get("field")).containsExactly("from");
        assertThat(api.get("/api/v1/customers/acme/events?from=%2B300000-01-01T00:00:00Z", viewer).errors())
                .extracting(e -> e.get("field")).containsExactly("from");
        assertThat(api.get("/api/v1/customers/acme/events?type=no%20spaces", viewer).errors())
                .extracting(e -> e.get("field")).containsExactly("type");
        assertThat(api.get("/api/v1/customers/acme/events?cursor=garbage", viewer).errors())
                .extracting(e -> e.get("field")).containsExactly("cursor");
        String later = BASE.toString();
        String earlier = BASE.minus(1, ChronoUnit.HOURS).toString();
        assertThat(api.get("/api/v1/customers/acme/events?from=" + later + "&to=" + earlier, viewer).errors())
                .extracting(e -> e.get("field")).containsExactly("to");
    }
}
