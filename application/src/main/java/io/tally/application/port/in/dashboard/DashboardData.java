package io.tally.application.port.in.dashboard;

import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.dashboard.WidgetAnswer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A dashboard's widgets answered, in the dashboard's order, with the filter values they were answered for. */
public record DashboardData(Dashboard dashboard, Map<String, Object> filters, List<WidgetAnswer> widgets) {

    public DashboardData {
        Objects.requireNonNull(dashboard, "dashboard");
        filters = Collections.unmodifiableMap(new LinkedHashMap<>(filters));
        widgets = List.copyOf(widgets);
    }
}
