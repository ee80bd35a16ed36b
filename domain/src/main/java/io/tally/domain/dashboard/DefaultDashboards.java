package io.tally.domain.dashboard;

import io.tally.domain.query.ParamType;
import io.tally.domain.query.QueryTemplate;
import io.tally.domain.query.Visibility;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboards every tenant gets, from built-in metrics: {@code overview} (the product's use), {@code performance}
 * (calls: volume, success, agents) and {@code growth} (billing: MRR, signups, churn). They are shared with the
 * tenant and owned by {@value #OWNER}; managers may change them and restore them to these definitions.
 */
public final class DefaultDashboards {

    /** The owner of the defaults: the tenant itself, not one of its users. */
    public static final String OWNER = "tally";
    public static final List<String> KEYS = List.of("overview", "performance", "growth");

    private DefaultDashboards() {
    }

    /** The definition of a default dashboard by its key. */
    public static Dashboard.Definition definition(String key) {
        return switch (key) {
            case "overview" -> overview();
            case "performance" -> performance();
            case "growth" -> growth();
            default -> throw new IllegalArgumentException("no default dashboard " + key);
        };
    }

    private static DashboardFilter period() {
        return new DashboardFilter("period", ParamType.PERIOD, Optional.of("last_30_days"));
    }

    private static DashboardFilter customer() {
        return new DashboardFilter("customer", ParamType.CUSTOMER, Optional.empty());
    }

    /** The product's use, for the tenant or one customer: the main counts against the period before, trends, shares. */
    private static Dashboard.Definition overview() {
        return new Dashboard.Definition("Overview", Optional.of("How the product is used: calls to its API, sessions, transcriptions, exports"),
                Visibility.TENANT, List.of(period(), customer()), Optional.of(300), List.of(
                customerCard("api-calls", "API calls", "api_calls_made", 0, 0),
                customerCard("sessions", "Sessions", "sessions", 3, 0),
                customerCard("transcriptions", "Transcriptions", "transcriptions", 6, 0),
                customerCard("exports", "Exports", "exports_generated", 9, 0),
                widget("api-calls-per-day", "API calls per day", WidgetType.LINE, perCustomer(Map.of("metric", "api_calls_made", "bucket", "day")),
                        null, new Position(0, 2, 8, 4)),
                widget("exports-by-format", "Exports by format", WidgetType.PIE, perCustomer(Map.of("metric", "exports_generated",
                        "group_by", List.of("format"))), null, new Position(8, 2, 4, 4)),
                widget("transcriptions-per-week", "Transcriptions and failures per week", WidgetType.BAR, perCustomer(Map.of("metrics",
                        List.of("transcriptions", "failed_transcriptions"), "bucket", "week")), null, new Position(0, 6, 8, 4)),
                widget("storage", "Storage used", WidgetType.GAUGE, perCustomer(Map.of("metric", "storage_used_mb")), BigDecimal.valueOf(5000),
                        new Position(8, 6, 4, 4))));
    }

    /** Calls: how many, how many completed, how long, and per agent. */
    private static Dashboard.Definition performance() {
        return new Dashboard.Definition("Performance", Optional.of("Calls: volume, success rate, duration, outcomes and agents"),
                Visibility.TENANT, List.of(period(), customer()), Optional.of(300), List.of(
                customerCard("calls", "Calls", "calls", 0, 0),
                customerCard("completed-calls", "Completed calls", "completed_calls", 3, 0),
                customerCard("success-rate", "Success rate", "success_rate", 6, 0),
                customerCard("average-duration", "Average call duration", "call_duration_avg_s", 9, 0),
                widget("calls-per-day", "Calls per day", WidgetType.LINE, perCustomer(Map.of("metrics", List.of("calls", "completed_calls"),
                        "bucket", "day")), null, new Position(0, 2, 8, 4)),
                widget("success-gauge", "Success rate against 80 %", WidgetType.GAUGE, perCustomer(Map.of("metric", "success_rate")),
                        BigDecimal.valueOf(80), new Position(8, 2, 4, 4)),
                widget("calls-by-outcome", "Calls by outcome", WidgetType.PIE, perCustomer(Map.of("metric", "calls", "group_by", List.of("outcome"))),
                        null, new Position(0, 6, 4, 4)),
                widget("outcomes-per-week", "Outcomes per week", WidgetType.BAR, perCustomer(Map.of("metric", "calls", "group_by", List.of("outcome"),
                        "bucket", "week")), null, new Position(4, 6, 8, 4)),
                widget("agents", "Agents", WidgetType.TABLE, perCustomer(Map.of("metrics", List.of("calls", "completed_calls", "success_rate"),
                        "group_by", List.of("agent"), "limit", 20)), null, new Position(0, 10, 12, 5))));
    }

    /** Billing: MRR and its movements, signups and churn (analysts and above see these figures). */
    private static Dashboard.Definition growth() {
        return new Dashboard.Definition("Growth", Optional.of("Recurring revenue, its movements, signups and churn"), Visibility.TENANT,
                List.of(new DashboardFilter("period", ParamType.PERIOD, Optional.of("year_to_date"))), Optional.of(3600), List.of(
                card("mrr", "MRR", "mrr", 0, 0),
                card("new-signups", "New signups", "new_signups", 3, 0),
                card("churned", "Churned customers", "churned_customers", 6, 0),
                card("churn-rate", "Customer churn rate", "customer_churn_rate", 9, 0),
                widget("mrr-per-month", "MRR per month", WidgetType.LINE, query(Map.of("metric", "mrr", "bucket", "month")), null,
                        new Position(0, 2, 8, 4)),
                widget("churn-gauge", "Churn rate against 5 %", WidgetType.GAUGE, query(Map.of("metric", "customer_churn_rate")),
                        BigDecimal.valueOf(5), new Position(8, 2, 4, 4)),
                widget("net-new-mrr", "Net new MRR per month", WidgetType.BAR, query(Map.of("metric", "net_new_mrr", "bucket", "month")), null,
                        new Position(0, 6, 8, 4)),
                widget("mrr-by-plan", "MRR by plan", WidgetType.PIE, query(Map.of("metric", "mrr", "group_by", List.of("plan"))), null,
                        new Position(8, 6, 4, 4)),
                widget("plans", "Plans", WidgetType.TABLE, query(Map.of("metrics", List.of("paying_customers", "mrr"), "group_by", List.of("plan"))),
                        null, new Position(0, 10, 12, 4))));
    }

    /** A card of one metric of the customer filtered for (else the tenant) against the period before. */
    private static Widget customerCard(String id, String title, String metric, int x, int y) {
        return widget(id, title, WidgetType.METRIC_CARD, perCustomer(Map.of("metric", metric)), null, new Position(x, y, 3, 2));
    }

    /** A card of one metric against the period before, a quarter of the grid wide. */
    private static Widget card(String id, String title, String metric, int x, int y) {
        return widget(id, title, WidgetType.METRIC_CARD, query(Map.of("metric", metric)), null, new Position(x, y, 3, 2));
    }

    private static Widget widget(String id, String title, WidgetType type, QueryTemplate query, BigDecimal target, Position position) {
        return new Widget(id, title, type, new WidgetSource.Inline(query), Optional.ofNullable(target), position);
    }

    /** A widget's query over the dashboard's period, for the customer filtered for (none: the whole tenant). */
    private static QueryTemplate perCustomer(Map<String, Object> fields) {
        Map<String, Object> json = new LinkedHashMap<>(fields);
        json.put("customer", "{{filters.customer}}");
        json.put("period", "{{filters.period}}");
        return QueryTemplate.of(json, "query");
    }

    /** A widget's query over the dashboard's period. */
    private static QueryTemplate query(Map<String, Object> fields) {
        Map<String, Object> json = new LinkedHashMap<>(fields);
        json.put("period", "{{filters.period}}");
        return QueryTemplate.of(json, "query");
    }
}
