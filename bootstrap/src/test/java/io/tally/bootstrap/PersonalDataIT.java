package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Personal dimensions through the real server: a tenant marks {@code phone} personal, and the usage history (API and CSV
 * export) and grouped figures show it masked ({@code ••••••89}), while the other data stays readable.
 */
@MicronautTest(transactional = false)
class PersonalDataIT extends ApiTestSupport {

    @Test
    void aPersonalDimensionIsShownMaskedInTheHistoryTheExportAndGroupedFigures() throws Exception {
        String owner = Tokens.user(tenant, "owner");
        String at = TestClock.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        Api.Reply ingested = api.postEvents(Tokens.service(tenant, "events:write"), List.of(
                Events.event("p-1", "calls", "call", "coach", at, Map.of("outcome", "completed", "phone", "+49 30 1234 5689")),
                Events.event("p-2", "calls", "call", "coach", at, Map.of("outcome", "completed", "phone", "+49 30 1234 5689")),
                Events.event("p-3", "calls", "call", "coach", at, Map.of("outcome", "failed", "phone", "+1 415 555 0142"))));
        assertThat(ingested.status()).as(ingested.body()).isEqualTo(200);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("timezone", "UTC");
        settings.put("currency", "EUR");
        settings.put("personal_dimensions", List.of("phone"));
        Api.Reply set = api.put("/api/v1/tenant/settings", owner, api.json(settings));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.map().get("personal_dimensions")).isEqualTo(List.of("phone"));

        List<Map<String, Object>> history = api.get("/api/v1/customers/coach/events", owner).items();
        assertThat(history).hasSize(3);
        assertThat(history).allSatisfy(event -> assertThat(event.toString()).doesNotContain("1234 5689").doesNotContain("555 0142"));
        assertThat(history.toString()).contains("••••••89").contains("••••••42").contains("completed");

        String today = LocalDate.ofInstant(TestClock.now(), ZoneOffset.UTC).toString();
        String from = LocalDate.ofInstant(TestClock.now(), ZoneOffset.UTC).minusDays(2).toString();
        Api.Reply csv = api.get("/api/v1/customers/coach/usage/history/export?format=csv&from=" + from + "&to=" + today, owner);
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.body()).contains("••••••89").doesNotContain("1234 5689").doesNotContain("555 0142").contains("failed");

        Api.Reply grouped = api.post("/api/v1/analytics/query", owner, "application/json", api.json(Map.of("metric", "calls", "customer", "coach",
                "group_by", List.of("phone"), "period", "last_7_days", "bucket", "day")));
        assertThat(grouped.status()).as(grouped.body()).isEqualTo(200);
        assertThat(grouped.body()).contains("••••••89").contains("••••••42").doesNotContain("1234 5689").doesNotContain("555 0142");
    }
}
