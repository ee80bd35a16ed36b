package io.tally.adapter.out.persistence.analytics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fragments of SQL over {@code usage_event e} that the event sources put into their statements' slots.
 * Dimension and measure names are parameters ({@code e.data ->> ?}), like every value.
 */
final class EventSql {

    private EventSql() {
    }

    /** A measure's value as a number; null where the event lacks it or it is not a number. */
    static BoundSql measure(String name) {
        return BoundSql.of("CASE WHEN jsonb_typeof(e.data -> ?) = 'number' THEN (e.data ->> ?)::numeric END", name, name);
    }

    /** True for events whose dimensions equal all the filters' values ({@code true} without filters). */
    static BoundSql filter(Map<String, String> filters) {
        if (filters.isEmpty()) {
            return BoundSql.of("true");
        }
        List<BoundSql> conditions = new ArrayList<>();
        filters.forEach((dimension, value) -> conditions.add(BoundSql.of("e.data ->> ? = ?", dimension, value)));
        return BoundSql.fill("({conditions})", Map.of("conditions", BoundSql.join(" AND ", conditions)));
    }

    /**
     * {@code  AND e.customer_id = ?} for one customer's events; for the tenant's, nothing, or the condition that leaves
     * out the withheld customers' events.
     */
    static BoundSql customer(EventScope scope) {
        return scope.customerId().map(id -> BoundSql.of(" AND e.customer_id = ?", id)).orElseGet(() -> withheld(scope));
    }

    /** {@code  AND (e.customer_id IS NULL OR e.customer_id <> ALL (?))} when the scope withholds customers, else nothing. */
    static BoundSql withheld(EventScope scope) {
        return scope.withheld().length == 0 ? BoundSql.EMPTY
                : BoundSql.of(" AND (e.customer_id IS NULL OR e.customer_id <> ALL (?))", (Object) scope.withheld());
    }

    /** Each group-by dimension's value as a column named g0, g1, …, each after a comma: {@code , e.data ->> ? AS g0}. */
    static BoundSql groupColumns(List<String> groupBy) {
        List<BoundSql> columns = new ArrayList<>();
        for (int i = 0; i < groupBy.size(); i++) {
            columns.add(BoundSql.of(", e.data ->> ? AS g" + i, groupBy.get(i)));
        }
        return BoundSql.join("", columns);
    }

    /** The names of {@link #groupColumns}, each after a comma ({@code , g0, g1}), for GROUP BY, DISTINCT ON and ORDER BY. */
    static BoundSql groupNames(List<String> groupBy) {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < groupBy.size(); i++) {
            names.append(", g").append(i);
        }
        return BoundSql.of(names.toString());
    }

    /** The group key read from {@code size} columns from {@code firstColumn} on (nulls kept); empty when ungrouped. */
    static List<String> groupKey(ResultSet rows, int firstColumn, int size) throws SQLException {
        if (size == 0) {
            return List.of();
        }
        List<String> key = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            key.add(rows.getString(firstColumn + i));
        }
        return key;
    }
}
