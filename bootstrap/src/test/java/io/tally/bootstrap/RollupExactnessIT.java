package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.tally.adapter.out.persistence.analytics.UsageRollupFolder;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The tenant-wide figures read from the 15-minute rollups (and the deltas not folded yet) equal the figures
 * computed here, in Java, from the very events that were sent: in timezones with whole-, half- and
 * quarter-hour offsets, before and after folding, and after late events, resends and conflicting resends.
 * The folder's schedule is set to an hour, so the test decides when deltas are folded.
 */
@MicronautTest(transactional = false)
@Property(name = "tally.rollups.fold-interval", value = "1h")
class RollupExactnessIT extends ApiTestSupport {

    @Inject
    UsageRollupFolder folder;

    record Sent(String id, String type, String customer, Instant time, Map<String, Object> data) {
    }

    final List<Sent> stored = new ArrayList<>();
    final Random random = new Random(20261122);
    final LocalDate from = TestClock.today(ZoneOffset.UTC).minusDays(45);
    final LocalDate to = TestClock.today(ZoneOffset.UTC).minusDays(2);

    @Test
    void rollupsAgreeWithTheEventsWhateverArrivesLate() {
        String events = Tokens.service(tenant, "events:write");
        String manager = Tokens.user(tenant, "manager");
        for (String meter : List.of(
                "{\"key\": \"shortest_call\", \"name\": \"Shortest call\", \"event_type\": \"call\", \"aggregation\": \"min\", \"measure\": \"duration_s\"}",
                "{\"key\": \"longest_call\", \"name\": \"Longest call\", \"event_type\": \"call\", \"aggregation\": \"max\", \"measure\": \"duration_s\"}")) {
            assertThat(api.post("/api/v1/meters", manager, "application/json", meter).status()).isEqualTo(201);
        }
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            batch.add(sent(randomEvent("e-" + i, from.minusDays(1), to.plusDays(1))));
            if (batch.size() == 500) {
                send(events, batch);
                batch.clear();
            }
        }
        assertThat(batch).isEmpty();

        checkAll("pending only");
        folder.foldAll();
        checkAll("folded");

        // Late events (well inside the period), resends of stored events, and conflicting resends.
        for (int i = 0; i < 200; i++) {
            batch.add(sent(randomEvent("late-" + i, from, from.plusDays(10))));
        }
        for (int i = 0; i < 100; i++) {
            Sent original = stored.get(random.nextInt(1500));
            batch.add(Events.event(original.id(), "gen", original.type(), original.customer(), original.time().toString(), original.data()));
            Map<String, Object> changed = new LinkedHashMap<>(original.data());
            changed.put("duration_s", 99_999);
            batch.add(Events.event(original.id(), "gen", original.type(), original.customer(), original.time().toString(), changed));
        }
        Api.Reply reply = api.postEvents(events, batch);
        assertThat(reply.map()).containsEntry("accepted", 200).containsEntry("duplicates", 100).containsEntry("conflicts", 100);

        checkAll("late events pending");
        folder.foldAll();
        checkAll("late events folded");
    }

    @Test
    void thePendingTableIsVacuumedOutsideAnyTransaction() {
        // VACUUM refuses to run in a transaction block: this fails if the folder's connection is in one.
        folder.vacuum();
    }

    private void send(String token, List<Map<String, Object>> batch) {
        Api.Reply reply = api.postEvents(token, List.copyOf(batch));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    private Map<String, Object> sent(Sent event) {
        stored.add(event);
        return Events.event(event.id(), "gen", event.type(), event.customer(), event.time().toString(), event.data());
    }

    private Sent randomEvent(String id, LocalDate first, LocalDate last) {
        long seconds = ChronoUnit.SECONDS.between(first.atStartOfDay(ZoneOffset.UTC), last.plusDays(1).atStartOfDay(ZoneOffset.UTC));
        Instant time = first.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(random.nextLong(seconds)).plusMillis(random.nextInt(1000));
        String customer = "c" + random.nextInt(5);
        return switch (random.nextInt(3)) {
            case 0 -> new Sent(id, "api.call", customer, time, Map.of("route", "/r" + random.nextInt(3)));
            case 1 -> new Sent(id, "session", customer, time, Map.of("duration_s", random.nextInt(7200)));
            default -> new Sent(id, "call", customer, time, Map.of("outcome", "completed", "duration_s", random.nextInt(600)));
        };
    }

    private void checkAll(String state) {
        for (String zone : List.of("UTC", "Asia/Kolkata", "Asia/Kathmandu", "America/New_York")) {
            check(state, zone, "api_calls_made", "api.call", events -> BigDecimal.valueOf(events.size()));
            check(state, zone, "session_minutes", "session", events -> events.stream().map(e -> duration(e))
                    .reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP));
            check(state, zone, "call_duration_avg_s", "call", events -> events.isEmpty() ? null
                    : events.stream().map(e -> duration(e)).reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(BigDecimal.valueOf(events.size()), 2, RoundingMode.HALF_UP));
            check(state, zone, "shortest_call", "call", events -> events.stream().map(e -> duration(e)).min(BigDecimal::compareTo).orElse(null));
            check(state, zone, "longest_call", "call", events -> events.stream().map(e -> duration(e)).max(BigDecimal::compareTo).orElse(null));
        }
    }

    private static BigDecimal duration(Sent event) {
        return new BigDecimal(event.data().get("duration_s").toString());
    }

    /** The tenant-wide daily series from the API against the same series computed here from the sent events. */
    @SuppressWarnings("unchecked")
    private void check(String state, String zone, String meter, String type, Function<List<Sent>, BigDecimal> figure) {
        Api.Reply reply = api.post("/api/v1/analytics/query", Tokens.user(tenant, "viewer"), "application/json",
                "{\"meter\": \"" + meter + "\", \"from\": \"" + from + "\", \"to\": \"" + to + "\", \"tz\": \"" + zone + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<Object> values = (List<Object>) ((List<Map<String, Object>>) reply.map().get("groups")).getFirst().get("values");
        ZoneId local = ZoneId.of(zone);
        List<BigDecimal> expected = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            LocalDate date = day;
            expected.add(figure.apply(stored.stream()
                    .filter(e -> e.type().equals(type) && LocalDate.ofInstant(e.time(), local).equals(date)).toList()));
        }
        List<BigDecimal> actual = values.stream().map(v -> v == null ? null : new BigDecimal(v.toString())).toList();
        assertThat(actual).as("%s, %s, %s", meter, zone, state)
                .usingElementComparator((a, b) -> a == null || b == null ? (a == b ? 0 : 1) : a.compareTo(b))
                .isEqualTo(expected);
    }
}
