package io.tally.domain.alert;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.metric.MetricKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** What a rule measures: a metric of the catalogue, or a single-valued saved query with values for its parameters. */
public sealed interface AlertSource {

    record Metric(MetricKey metric) implements AlertSource {
    }

    record SavedQuery(UUID id, Map<String, Object> params) implements AlertSource {
        public SavedQuery {
            params = Map.copyOf(params);
        }
    }

    /** The source of a rule's {@code metric} or {@code saved_query} (one of them). */
    static AlertSource read(Object metric, Object savedQuery) {
        if (metric != null && savedQuery != null) {
            throw new InvalidValueException("metric", "give a metric or a saved_query, not both");
        }
        if (metric instanceof String key) {
            if (!MetricKey.isValid(key)) {
                throw new InvalidValueException("metric", "'" + key + "' is not a metric's key (GET /api/v1/metrics)");
            }
            return new Metric(MetricKey.of(key));
        }
        if (savedQuery instanceof Map<?, ?> map) {
            if (!(map.get("id") instanceof String id)) {
                throw new InvalidValueException("saved_query.id", "is required: the saved query's id");
            }
            UUID uuid;
            try {
                uuid = UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("saved_query.id", "'" + id + "' is not a saved query's id");
            }
            Map<String, Object> params = new LinkedHashMap<>();
            if (map.get("params") instanceof Map<?, ?> given) {
                given.forEach((name, value) -> params.put(String.valueOf(name), value));
            } else if (map.get("params") != null) {
                throw new InvalidValueException("saved_query.params", "must be an object of values for the query's parameters");
            }
            return new SavedQuery(uuid, params);
        }
        if (metric != null) {
            throw new InvalidValueException("metric", "must be a metric's key, a string");
        }
        throw new InvalidValueException(savedQuery != null ? "saved_query" : "metric",
                "is required: a metric's key, or a saved_query {\"id\": …, \"params\": {…}}");
    }
}
