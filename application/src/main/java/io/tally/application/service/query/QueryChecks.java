package io.tally.application.service.query;

import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.application.port.out.MeterStorePort;
import io.tally.application.port.out.MetricStorePort;
import io.tally.domain.analytics.BuiltInMeters;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.metric.BuiltInMetrics;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is checked of a query kept for later (a saved query, a dashboard's widget) when it is kept: that it reads as
 * a query, and that its meter or metrics exist. A later run checks the rest (who asks, the dimensions named).
 */
public final class QueryChecks {

    private final MetricStorePort metrics;
    private final MeterStorePort meters;

    public QueryChecks(MetricStorePort metrics, MeterStorePort meters) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /** The query from its JSON form, its fields named with {@code prefix} ({@code query.}), checked for the tenant. */
    public QueryDefinition check(TenantId tenant, Map<String, Object> json, String prefix) {
        QueryDefinition query = QueryDefinition.read(json, prefix);
        query.meter().ifPresent(meter -> {
            if (!BuiltInMeters.isBuiltIn(meter) && meters.find(tenant, meter).isEmpty()) {
                throw new InvalidValueException(prefix + "meter", "'" + meter + "' is not a meter of this tenant; GET /api/v1/meters lists them");
            }
        });
        List<MetricKey> asked = query.metrics();
        for (int i = 0; i < asked.size(); i++) {
            MetricKey key = asked.get(i);
            if (!BuiltInMetrics.isBuiltIn(key) && metrics.find(tenant, key).isEmpty()) {
                String field = json.containsKey("metric") ? prefix + "metric" : prefix + "metrics[" + i + "]";
                throw new InvalidValueException(field, "'" + key + "' is not a metric of this tenant; GET /api/v1/metrics lists them");
            }
        }
        return query;
    }
}
