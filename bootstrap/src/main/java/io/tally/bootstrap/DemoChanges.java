package io.tally.bootstrap;

import java.net.http.HttpClient;
import java.util.Map;

/**
 * The demo's bulk customer change, on two customers of its own so the other demo figures stay as they are: an annual
 * promotion moves the yoga studio Fjord Yoga from basic to pro, and finds the design agency Nordlys Design on pro
 * already (skipped). A tenant that has customer changes already is left as it is, so a second run adds nothing (and
 * the profiles the run sends do not undo the change).
 */
final class DemoChanges {

    static final String PROMOTED = "fjord-yoga";
    static final String ALREADY_PRO = "nordlys-design";

    private DemoChanges() {
    }

    /** Makes the change unless the tenant has one; answers how many were made. */
    static int load(HttpClient http, String base, String admin, String service) {
        String existing = DemoCommand.get(http, base + "/api/v1/admin/customer-changes?limit=1", admin);
        if (!existing.contains("\"items\":[]")) {
            return 0;
        }
        DemoCommand.send(http, "PUT", base + "/internal/v1/customers/" + PROMOTED, service,
                "{\"display_name\": \"Fjord Yoga\", \"timezone\": \"Europe/Oslo\", \"country\": \"NO\", \"currency\": \"EUR\", \"plan\": \"basic\"}");
        DemoCommand.send(http, "PUT", base + "/internal/v1/customers/" + ALREADY_PRO, service,
                "{\"display_name\": \"Nordlys Design\", \"timezone\": \"Europe/Oslo\", \"country\": \"NO\", \"currency\": \"EUR\", \"plan\": \"pro\"}");
        DemoCommand.exchangeOrFail(http, "POST", base + "/api/v1/admin/customer-changes", admin, Map.of("Idempotency-Key", "demo-annual-promotion"),
                "{\"customer_ids\": [\"" + PROMOTED + "\", \"" + ALREADY_PRO + "\"], \"set\": {\"plan\": \"pro\", \"status\": \"active\"},"
                        + " \"reason\": \"demo: annual promotion, a year on basic earns pro\"}");
        return 1;
    }
}
