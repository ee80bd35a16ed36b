package io.tally.domain.dashboard;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.query.ParamType;
import io.tally.domain.query.QueryParam;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A value a dashboard's viewer may choose, used by its widgets as {@code {{filters.name}}}: a customer, a relative
 * period or a dimension's value, with a default for when none is chosen.
 */
public record DashboardFilter(String name, ParamType type, Optional<Object> defaultValue) {

    public DashboardFilter {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        if (!QueryParam.isName(name)) {
            throw new InvalidValueException("name", "must be 1-64 lower-case letters, digits and '_', starting with a letter");
        }
        if (type == ParamType.NUMBER) {
            throw new InvalidValueException("type", "must be customer, period or dimension_value");
        }
        defaultValue = defaultValue.map(value -> type.check(value, "default"));
    }

    /** A chosen value, checked for the filter's type; fails naming {@code field}. */
    public Object check(Object value, String field) {
        return type.check(value, field);
    }

    /** The value to try widgets with when the dashboard is saved: the default, else a sample of the type. */
    public Object sample() {
        return defaultValue.orElseGet(type::sample);
    }

    /** The placeholder that stands for it in a widget: {@code filters.name}. */
    public String placeholder() {
        return "filters." + name;
    }

    static void requireUnique(List<DashboardFilter> filters) {
        for (int i = 0; i < filters.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (filters.get(i).name().equals(filters.get(j).name())) {
                    throw new InvalidValueException("filters[" + i + "].name", "'" + filters.get(i).name() + "' is declared twice");
                }
            }
        }
    }
}
