package io.tally.application.service.alert;

import io.tally.application.port.out.alert.AlertJobsPort;
import io.tally.domain.alert.AlertRuleDefinition;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The in-memory job runner of alerts, recording what it was asked (the outbound channels are {@code DeliveryFakes}), ids
 * in order, and the rules' JSON as the API takes it.
 */
final class AlertFakes {

    private AlertFakes() {
    }

    /** The job runner: each rule's armed evaluation, and every notification handed over (in order, repeats included). */
    static final class Jobs implements AlertJobsPort {
        final Map<UUID, Instant> armed = new LinkedHashMap<>();
        final Map<UUID, TenantId> armedTenants = new LinkedHashMap<>();
        final List<UUID> queued = new ArrayList<>();
        final Map<UUID, Instant> queuedAt = new LinkedHashMap<>();
        final Map<UUID, TenantId> queuedTenants = new LinkedHashMap<>();

        @Override
        public void armEvaluation(TenantId tenant, UUID rule, Instant at) {
            armed.put(rule, at);
            armedTenants.put(rule, tenant);
        }

        @Override
        public boolean armEvaluationIfAbsent(TenantId tenant, UUID rule, Instant at) {
            if (armed.containsKey(rule)) {
                return false;
            }
            armEvaluation(tenant, rule, at);
            return true;
        }

        @Override
        public void disarmEvaluation(UUID rule) {
            armed.remove(rule);
            armedTenants.remove(rule);
        }

        @Override
        public void queueNotification(TenantId tenant, UUID notification, Instant at) {
            queued.add(notification);
            queuedAt.putIfAbsent(notification, at);
            queuedTenants.put(notification, tenant);
        }
    }




    /** Ids 00000000-0000-0000-0000-000000000001, …02 and so on: in the order they are made, which is also their uuid order. */
    static final class Ids implements Supplier<UUID> {
        private long next = 1;

        @Override
        public UUID get() {
            return new UUID(0, next++);
        }
    }

    /**
     * A rule's JSON as the API takes it: "Call spike", the built-in {@code calls} over the last hour for the whole tenant,
     * above 5, severity high, every minute, to a webhook; {@code fields} (name, value, …) replace or add to these (a null
     * value removes the field).
     */
    static Map<String, Object> ruleJson(Object... fields) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", "Call spike");
        json.put("metric", "calls");
        json.put("scope", "tenant");
        json.put("window", "last_hour");
        json.put("condition", Map.of("op", "above", "threshold", 5));
        json.put("severity", "high");
        json.put("evaluate_every", "1m");
        json.put("channels", List.of(Map.of("type", "webhook", "url", "https://hooks.acme.test/alerts")));
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i + 1] == null) {
                json.remove((String) fields[i]);
            } else {
                json.put((String) fields[i], fields[i + 1]);
            }
        }
        return json;
    }

    static AlertRuleDefinition rule(Object... fields) {
        return AlertRuleDefinition.read(ruleJson(fields));
    }

    /** A condition {@code op} {@code threshold}, breaching {@code times} in a row to fire. */
    static Map<String, Object> condition(String op, Object threshold, int times) {
        return Map.of("op", op, "threshold", threshold, "for_evaluations", times);
    }
}
