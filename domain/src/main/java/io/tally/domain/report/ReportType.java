package io.tally.domain.report;

import io.tally.domain.common.InvalidValueException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The reports Tally builds, by the name used in URLs and export requests. */
public enum ReportType {
    /** A customer's usage figures, each against the period before. */
    USAGE_SUMMARY("usage-summary", "Usage summary", true),
    /** A customer's call activity: summary metrics, calls by outcome, agent performance, daily calls. */
    ACTIVITY("activity", "Call activity", true),
    /** The tenant's signups, churn, revenue and MRR movements. */
    BILLING_SUMMARY("billing-summary", "Billing summary", false),
    /** A customer's raw usage events in a period, one row per event. */
    USAGE_HISTORY("usage-history", "Usage history", true),
    /**
     * A dashboard's widgets: cards as key figures, charts as charts with their tables, tables as tables. Exported from
     * the dashboard ({@code GET /api/v1/dashboards/{id}/export}), not asked for by name.
     */
    DASHBOARD("dashboard", "Dashboard", false);

    private final String wireName;
    private final String title;
    private final boolean perCustomer;

    ReportType(String wireName, String title, boolean perCustomer) {
        this.wireName = wireName;
        this.title = title;
        this.perCustomer = perCustomer;
    }

    public String wireName() {
        return wireName;
    }

    public String title() {
        return title;
    }

    /** The kind of report it builds. */
    public ReportKind kind() {
        return this == DASHBOARD ? ReportKind.DASHBOARD : new ReportKind(wireName, perCustomer, this == USAGE_HISTORY);
    }

    /** Whether the report is about one customer (else about the whole tenant). */
    public boolean isPerCustomer() {
        return perCustomer;
    }

    /** A report asked for by name; a dashboard is exported from the dashboard itself. */
    public static ReportType fromWireName(String name, String field) {
        if (DASHBOARD.wireName.equals(name)) {
            throw new InvalidValueException(field, "a dashboard is exported from the dashboard: GET /api/v1/dashboards/{id}/export");
        }
        for (ReportType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw new InvalidValueException(field, "'" + name + "' is not a report; one of "
                + Arrays.stream(values()).filter(type -> type != DASHBOARD).map(ReportType::wireName).collect(Collectors.joining(", ")));
    }
}
