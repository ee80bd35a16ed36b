package io.tally.bootstrap;

import java.net.http.HttpClient;
import java.util.Map;

/**
 * The demo's targets: the tenant's calls per month and MRR in euros per month, Acme's calls per week, and success rates
 * of two customers, so that insights, the targets API and the dashboards' cards show where each stands (with the
 * demo's data: some on track, some at risk or off track). Setting them again replaces them, so a second run changes
 * nothing. Recommendations need nothing of their own: the rules read the demo's plans, usage, billing, content and
 * sales as they are.
 */
final class DemoInsights {

    /** Each metric's targets, as {@code PUT /api/v1/metrics/{key}/targets} takes them. */
    static final Map<String, String> TARGETS = Map.of(
            "calls", "{\"targets\": [{\"period\": \"month\", \"comparison\": \"at_least\", \"value\": 3000},"
                    + " {\"customer\": \"acme\", \"period\": \"week\", \"comparison\": \"at_least\", \"value\": 250}]}",
            "success_rate", "{\"targets\": [{\"customer\": \"acme\", \"period\": \"week\", \"comparison\": \"at_least\", \"value\": 70},"
                    + " {\"customer\": \"wang-xiaoming\", \"period\": \"month\", \"comparison\": \"at_least\", \"value\": 80}]}",
            "mrr", "{\"targets\": [{\"period\": \"month\", \"comparison\": \"at_least\", \"value\": 1000, \"currency\": \"EUR\"}]}");

    private DemoInsights() {
    }

    /** Sets the targets; answers how many. */
    static int targets(HttpClient http, String base, String owner) {
        int count = 0;
        for (Map.Entry<String, String> metric : new java.util.TreeMap<>(TARGETS).entrySet()) {
            DemoCommand.send(http, "PUT", base + "/api/v1/metrics/" + metric.getKey() + "/targets", owner, metric.getValue());
            count += metric.getValue().split("\"period\"").length - 1;
        }
        return count;
    }
}
