package io.tally.adapter.in.web.alert;

import io.tally.application.port.in.alert.admin.AlertCheck;
import io.tally.application.port.in.alert.AlertView;
import io.tally.application.port.out.alert.AlertStorePort;
import io.tally.domain.alert.AlertEvent;
import io.tally.domain.alert.AlertRule;
import io.tally.domain.alert.AlertState;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Alert rules, their states and events as the API shows them. */
final class AlertJson {

    /** What GET adds to a definition; PUT accepts it back and ignores it. */
    static final Set<String> ABOUT = Set.of("id", "version", "created_by", "created_at", "updated_by", "updated_at", "last_evaluated_at",
            "last_error", "states", "summary");

    private AlertJson() {
    }

    static Map<String, Object> rule(AlertView view) {
        AlertRule rule = view.rule();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", rule.id().toString());
        json.putAll(rule.definition().json());
        json.put("version", rule.version());
        json.put("created_by", rule.createdBy());
        json.put("created_at", rule.createdAt().toString());
        json.put("updated_by", rule.updatedBy());
        json.put("updated_at", rule.updatedAt().toString());
        json.put("last_evaluated_at", view.lastEvaluation().map(last -> last.at().toString()).orElse(null));
        json.put("last_error", view.lastEvaluation().flatMap(AlertStorePort.LastEvaluation::error).orElse(null));
        Map<String, Object> summary = new LinkedHashMap<>();
        for (AlertState state : AlertState.values()) {
            summary.put(state.wireName(), view.states().stream().filter(stored -> stored.state().state() == state).count());
        }
        json.put("summary", summary);
        json.put("states", view.states().stream().map(AlertJson::state).toList());
        return json;
    }

    private static Map<String, Object> state(AlertStorePort.StoredState stored) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("subject", stored.subject().key());
        json.put("state", stored.state().state().wireName());
        json.put("breaches_in_a_row", stored.state().breaches());
        json.put("since", stored.state().since().toString());
        json.put("value", stored.value().map(BigDecimal::toPlainString).orElse(null));
        json.put("evaluated_at", stored.evaluatedAt().toString());
        return json;
    }

    static Map<String, Object> event(AlertEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", event.id().toString());
        json.put("kind", event.kind().wireName());
        json.put("test", event.isTest());
        json.put("rule_id", event.rule().map(Object::toString).orElse(null));
        json.put("rule_name", event.ruleName());
        json.put("severity", event.severity().wireName());
        json.put("subject", event.subject().key());
        json.put("from", event.from().wireName());
        json.put("state", event.to().wireName());
        json.put("resolved", event.resolves());
        json.put("value", event.value().map(BigDecimal::toPlainString).orElse(null));
        json.put("threshold", event.threshold().toPlainString());
        json.put("at", event.at().toString());
        json.put("notified", event.notified());
        return json;
    }

    static Map<String, Object> check(AlertCheck check) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rule_id", check.rule().toString());
        json.put("name", check.name());
        json.put("transitions", check.events().stream().map(AlertJson::event).toList());
        json.put("error", check.error().orElse(null));
        return json;
    }

    static Map<String, Object> checks(List<AlertCheck> checks) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rules_evaluated", checks.size());
        json.put("transitions", checks.stream().mapToInt(check -> check.events().size()).sum());
        json.put("failed", checks.stream().filter(check -> check.error().isPresent()).count());
        json.put("rules", checks.stream().map(AlertJson::check).toList());
        return json;
    }

}
