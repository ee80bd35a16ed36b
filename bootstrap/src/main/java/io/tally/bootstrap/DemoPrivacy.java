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
 * The demo's privacy requests, on two customers of their own so the other demo figures stay as they are: Lena Fischer
 * had her misspelt name corrected and objected to the analytics of her usage (her sessions are kept but counted nowhere);
 * a former client, Jonas Berg, asked to be erased (his events are gone, his payment kept under his tombstone); and Zoë
 * Coaching asked for a copy of her data (an access zip, downloadable for 7 days). The job runner carries them out within
 * seconds. A tenant that has requests already is left as it is, so a second run adds nothing.
 */
final class DemoPrivacy {

    static final String RECTIFIED = "lena-fischer";
    static final String ERASED = "jonas-berg-former-client";
    static final String ACCESS = "zoe-coaching";

    private DemoPrivacy() {
    }

    /** Loads the requests unless the tenant has some; answers how many were made. */
    static int load(HttpClient http, String base, String admin, String service, Instant now) {
        String existing = DemoCommand.get(http, base + "/api/v1/privacy/requests?limit=1", admin);
        if (!existing.contains("\"items\":[]")) {
            return 0;
        }
        DemoCommand.send(http, "PUT", base + "/internal/v1/customers/" + RECTIFIED, service,
                "{\"display_name\": \"Lena Fisher\", \"timezone\": \"Europe/Berlin\", \"country\": \"DE\", \"currency\": \"EUR\", \"plan\": \"basic\"}");
        DemoCommand.send(http, "PUT", base + "/internal/v1/customers/" + ERASED, service,
                "{\"display_name\": \"Jonas Berg\", \"timezone\": \"Europe/Oslo\", \"country\": \"NO\", \"currency\": \"EUR\", \"plan\": \"basic\"}");
        List<DemoHistory.Event> events = new ArrayList<>();
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        for (int day = 1; day <= 12; day++) {
            for (String customer : List.of(RECTIFIED, ERASED)) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("duration_s", BigDecimal.valueOf(600 + 60L * day));
                Instant at = hour.minus(Duration.ofDays(day)).plus(Duration.ofMinutes(customer.equals(ERASED) ? 20 : 5));
                events.add(new DemoHistory.Event("privacy-demo-" + customer + "-" + day, "session", customer, at, data));
            }
        }
        for (byte[] batch : DemoHistory.batches(events, 1000)) {
            DemoCommand.post(http, base + "/internal/v1/events", service, batch);
        }
        DemoCommand.send(http, "POST", base + "/internal/v1/payments", service, "{\"id\": \"in_demo_berg_01\", \"customer\": \"" + ERASED
                + "\", \"amount\": {\"amount\": \"29.00\", \"currency\": \"EUR\"}, \"status\": \"succeeded\", \"paid_at\": \""
                + hour.minus(Duration.ofDays(40)) + "\"}");
        request(http, base, admin, "{\"customer\": \"" + RECTIFIED + "\", \"type\": \"rectification\", \"note\": \"her name is spelt Fischer\","
                + " \"changes\": {\"display_name\": \"Lena Fischer\"}}");
        request(http, base, admin, "{\"customer\": \"" + RECTIFIED + "\", \"type\": \"objection\", \"note\": \"objects to usage analytics"
                + " (Art. 21), by e-mail to the privacy team\"}");
        request(http, base, admin, "{\"customer\": \"" + ERASED + "\", \"type\": \"erasure\", \"note\": \"account closed; asked to be forgotten\"}");
        request(http, base, admin, "{\"customer\": \"" + ACCESS + "\", \"type\": \"access\", \"note\": \"asked for a copy in the app's privacy settings\"}");
        return 4;
    }

    private static void request(HttpClient http, String base, String admin, String body) {
        DemoCommand.send(http, "POST", base + "/api/v1/privacy/requests", admin, body);
    }
}
