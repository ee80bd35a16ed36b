package io.tally.domain.query;

import io.tally.domain.common.InvalidValueException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parameter of a saved query, filled in where the query says {@code {{name}}}: its type, a default (used when a
 * run gives none), whether a run must give it (then it has no default), and optionally the only values allowed.
 * Values are strings, or {@link BigDecimal} for numbers.
 */
public record QueryParam(String name, ParamType type, Optional<Object> defaultValue, boolean required, List<Object> allowed) {

    public static final int MAX_ALLOWED = 100;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public QueryParam {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        if (!isName(name)) {
            throw new InvalidValueException("name", "must be 1-64 lower-case letters, digits and '_', starting with a letter");
        }
        if (allowed.size() > MAX_ALLOWED) {
            throw new InvalidValueException("allowed", "holds at most " + MAX_ALLOWED + " values");
        }
        List<Object> checked = new ArrayList<>();
        for (int i = 0; i < allowed.size(); i++) {
            Object value = type.check(allowed.get(i), "allowed[" + i + "]");
            if (checked.stream().anyMatch(other -> same(other, value))) {
                throw new InvalidValueException("allowed[" + i + "]", "is listed twice");
            }
            checked.add(value);
        }
        allowed = List.copyOf(checked);
        if (required && defaultValue.isPresent()) {
            throw new InvalidValueException("default", "a required parameter has no default: a run must give it");
        }
        defaultValue = defaultValue.map(value -> type.check(value, "default"));
        List<Object> permitted = allowed;
        defaultValue.ifPresent(value -> checkAllowed(value, permitted, "default"));
    }

    /**
     * The values of {@code declared} parameters for a run: those given, else the defaults. Fails naming
     * {@code params.<name>} for a parameter {@code whose} does not have, a required one not given, or a value of the wrong
     * type or not allowed. A number may be given as its text (from a URL).
     */
    public static Map<String, Object> values(List<QueryParam> declared, Map<String, Object> given, String whose) {
        Map<String, QueryParam> byName = new LinkedHashMap<>();
        declared.forEach(param -> byName.put(param.name(), param));
        for (String name : given.keySet()) {
            if (!byName.containsKey(name)) {
                throw new InvalidValueException("params." + name, "is not a parameter of " + whose + "; it has "
                        + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (QueryParam param : byName.values()) {
            String field = "params." + param.name();
            Object value = given.get(param.name());
            if (value instanceof String text && param.type() == ParamType.NUMBER) {
                value = number(text, field);
            }
            if (value != null) {
                values.put(param.name(), param.check(value, field));
            } else if (param.defaultValue().isPresent()) {
                values.put(param.name(), param.defaultValue().get());
            } else {
                throw new InvalidValueException(field, "is required");
            }
        }
        return values;
    }

    private static BigDecimal number(String text, String field) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidValueException(field, "must be a number");
        }
    }

    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** A value given for this parameter, checked (type, allowed values); fails naming {@code field}. */
    public Object check(Object value, String field) {
        Object checked = type.check(value, field);
        checkAllowed(checked, allowed, field);
        return checked;
    }

    /** The value to try the query with when it is saved: its default, else its first allowed value, else a sample. */
    public Object sample() {
        return defaultValue.orElseGet(() -> allowed.isEmpty() ? type.sample() : allowed.getFirst());
    }

    private static void checkAllowed(Object value, List<Object> allowed, String field) {
        if (!allowed.isEmpty() && allowed.stream().noneMatch(other -> same(other, value))) {
            throw new InvalidValueException(field, "must be one of " + allowed.stream().map(QueryParam::text).toList());
        }
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return a.equals(b);
    }

    private static String text(Object value) {
        return value instanceof BigDecimal number ? number.stripTrailingZeros().toPlainString() : value.toString();
    }
}
