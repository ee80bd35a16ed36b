package io.tally.bootstrap;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's alerts, and the transcription outage they watch. Studio Łódź's transcriptions failed a few hours ago: seven
 * failed within half an hour; then forty retries succeeded over the next twenty minutes, an hour later. The rules:
 * <ul>
 * <li>failed transcriptions, each customer, above 5 in the last 24 hours (clears at 3): Studio Łódź fires;</li>
 * <li>the failed transcription rate, each customer, above 30 % in the last 24 hours (clears at 20 %): Studio Łódź fires
 * when the outage is loaded, and resolves once the retries are in;</li>
 * <li>net revenue in euros over the last 30 days, the whole tenant, down more than 20 % on the 30 days before;</li>
 * <li>and the basic plan's limits alert at 80 % and 100 % ({@code alert_at_pct}, in {@link DemoCommand#PLANS}).</li>
 * </ul>
 * Notifications go to the storage channel (recorded in {@code GET /api/v1/alert-events}); so do the quota alerts. The
 * events are loaded in the order the story has them, and the rules evaluated in between ({@code POST
 * /api/v1/admin/alerts/check}), so the history holds a fired and a resolved alert computed from the data as it was then.
 */
final class DemoAlerts {

    static final String OUTAGE_CUSTOMER = "lodz-studio";
    static final int FAILED = 7;
    static final int RETRIES = 40;

    /** The demo's rules, by name. */
    static final Map<String, String> RULES = Map.of(
            "Failed transcriptions", "{\"metric\": \"failed_transcriptions\", \"scope\": \"each_customer\", \"window\": \"last_24_hours\","
                    + " \"condition\": {\"op\": \"above\", \"threshold\": 5, \"clear_threshold\": 3}, \"severity\": \"high\","
                    + " \"evaluate_every\": \"5m\", \"channels\": [{\"type\": \"storage\"}]}",
            "Failed transcription rate", "{\"metric\": \"failed_transcription_rate\", \"scope\": \"each_customer\", \"window\": \"last_24_hours\","
                    + " \"condition\": {\"op\": \"above\", \"threshold\": 30, \"clear_threshold\": 20}, \"severity\": \"medium\","
                    + " \"evaluate_every\": \"5m\", \"channels\": [{\"type\": \"storage\"}]}",
            "Revenue drop (EUR)", "{\"metric\": \"net_revenue\", \"currency\": \"EUR\", \"scope\": \"tenant\", \"window\": \"last_30_days\","
                    + " \"condition\": {\"op\": \"change_pct_below\", \"threshold\": -20, \"clear_threshold\": -10}, \"severity\": \"critical\","
                    + " \"evaluate_every\": \"1h\", \"channels\": [{\"type\": \"storage\"}]}");

    private DemoAlerts() {
    }

    /**
     * The outage's failed transcriptions, three hours before the hour began (its times and ids are those of the hour, so a
     * second run in the same hour adds nothing).
     */
    static List<DemoHistory.Event> failures(Instant now) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        List<DemoHistory.Event> events = new ArrayList<>();
        for (int i = 0; i < FAILED; i++) {
            events.add(transcription(hour, "f" + i, hour.minus(Duration.ofMinutes(180 - 4L * i)), false));
        }
        return events;
    }

    /** The retries that succeeded after it, from an hour and a half before the hour began. */
    static List<DemoHistory.Event> retries(Instant now) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        List<DemoHistory.Event> events = new ArrayList<>();
        for (int i = 0; i < RETRIES; i++) {
            events.add(transcription(hour, "r" + i, hour.minus(Duration.ofMinutes(90)).plusSeconds(30L * i), true));
        }
        return events;
    }

    private static DemoHistory.Event transcription(Instant hour, String suffix, Instant at, boolean completed) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", completed ? "completed" : "failed");
        data.put("minutes", completed ? BigDecimal.TEN : BigDecimal.ZERO);
        return new DemoHistory.Event("outage-" + hour + "-" + suffix, "transcription", OUTAGE_CUSTOMER, at, data);
    }

    /**
     * The tenant's alert channels (storage), the outage's failures, the rules (replaced by name) evaluated, the retries,
     * and the rules evaluated again. Answers how many rules there are.
     */
    static int load(HttpClient http, String base, String owner, String events, Instant now) {
        DemoCommand.send(http, "PUT", base + "/api/v1/tenant/alert-channels", owner, "{\"channels\": [{\"type\": \"storage\"}]}");
        for (byte[] batch : DemoHistory.batches(failures(now), 1000)) {
            DemoCommand.post(http, base + "/internal/v1/events", events, batch);
        }
        for (Map.Entry<String, String> rule : new java.util.TreeMap<>(RULES).entrySet()) {
            DemoCommand.save(http, base, owner, "/api/v1/alerts", rule.getKey(), rule.getValue());
        }
        DemoCommand.send(http, "POST", base + "/api/v1/admin/alerts/check", owner, "");
        for (byte[] batch : DemoHistory.batches(retries(now), 1000)) {
            DemoCommand.post(http, base + "/internal/v1/events", events, batch);
        }
        DemoCommand.send(http, "POST", base + "/api/v1/admin/alerts/check", owner, "");
        return RULES.size();
    }
}
