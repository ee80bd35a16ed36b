package io.tally.domain.query;

import io.tally.domain.common.InvalidValueException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A saved query's analytics query in its JSON form, whose string values may hold {@code {{name}}} placeholders.
 * The tree holds strings, numbers ({@link BigDecimal}), booleans, lists, objects and nulls. Binding replaces each
 * placeholder with its parameter's value: a string that is nothing but one placeholder becomes the value itself
 * (so {@code "limit": "{{top}}"} becomes a number), a placeholder inside a longer string becomes the value's text.
 */
public final class QueryTemplate {

    public static final int MAX_DEPTH = 5;
    public static final int MAX_TEXT = 20_000;
    /** {@code {{name}}}, or {@code {{filters.name}}} for a dashboard's filter. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z][a-z0-9_]{0,63}(?:\\.[a-z][a-z0-9_]{0,63})?)\\s*}}");


    private final Map<String, Object> json;

    private QueryTemplate(Map<String, Object> json) {
        this.json = json;
    }

    /** The template from a JSON object; fails naming {@code field} when it is not one, too deep or too long. */
    public static QueryTemplate of(Object json, String field) {
        if (!(json instanceof Map<?, ?> map)) {
            throw new InvalidValueException(field, "must be an object: the analytics query, as POST /api/v1/analytics/query takes it");
        }
        int[] text = {0};
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) copy(map, field, 1, text);
        return new QueryTemplate(copy);
    }

    private static Object copy(Object value, String path, int depth, int[] text) {
        if (depth > MAX_DEPTH) {
            throw new InvalidValueException(path, "nests deeper than " + MAX_DEPTH + " levels");
        }
        return switch (value) {
            case null -> null;
            case String string -> {
                text[0] += string.length();
                if (text[0] > MAX_TEXT) {
                    throw new InvalidValueException(path, "the query holds more than " + MAX_TEXT + " characters of text");
                }
                yield string;
            }
            case BigDecimal number -> number;
            case Number number -> new BigDecimal(number.toString());
            case Boolean flag -> flag;
            case List<?> list -> {
                List<Object> items = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    items.add(copy(list.get(i), path + "[" + i + "]", depth + 1, text));
                }
                yield Collections.unmodifiableList(items);
            }
            case Map<?, ?> map -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    String key = String.valueOf(entry.getKey());
                    fields.put(key, copy(entry.getValue(), path + "." + key, depth + 1, text));
                }
                yield Collections.unmodifiableMap(fields);
            }
            default -> throw new InvalidValueException(path, "holds a value that is not JSON");
        };
    }

    /** The JSON object as given. */
    public Map<String, Object> json() {
        return json;
    }

    /** Each placeholder's name and the path of its first use ({@code query.filters.platform}), in order. */
    public Map<String, String> placeholders(String prefix) {
        Map<String, String> found = new LinkedHashMap<>();
        collect(json, prefix, found);
        return found;
    }

    private static void collect(Object value, String path, Map<String, String> found) {
        switch (value) {
            case String string -> {
                Matcher matcher = PLACEHOLDER.matcher(string);
                while (matcher.find()) {
                    found.putIfAbsent(matcher.group(1), path);
                }
            }
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    collect(list.get(i), path + "[" + i + "]", found);
                }
            }
            case Map<?, ?> map -> map.forEach((key, item) -> collect(item, path.isEmpty() ? String.valueOf(key) : path + "." + key, found));
            case null, default -> {
            }
        }
    }

    /** The query with every placeholder replaced by {@code values.apply(name)} (strings or numbers). */
    public Map<String, Object> bind(Function<String, Object> values) {
        @SuppressWarnings("unchecked")
        Map<String, Object> bound = (Map<String, Object>) bind(json, values);
        return bound;
    }

    private static Object bind(Object value, Function<String, Object> values) {
        return switch (value) {
            case String string -> {
                Matcher whole = PLACEHOLDER.matcher(string);
                if (whole.matches()) {
                    yield values.apply(whole.group(1));
                }
                Matcher matcher = PLACEHOLDER.matcher(string);
                StringBuilder out = new StringBuilder();
                while (matcher.find()) {
                    Object replacement = values.apply(matcher.group(1));
                    String text = replacement instanceof BigDecimal number ? number.stripTrailingZeros().toPlainString() : String.valueOf(replacement);
                    matcher.appendReplacement(out, Matcher.quoteReplacement(text));
                }
                matcher.appendTail(out);
                yield out.toString();
            }
            case List<?> list -> {
                List<Object> items = new ArrayList<>(list.size());
                list.forEach(item -> items.add(bind(item, values)));
                yield items;
            }
            case Map<?, ?> map -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                map.forEach((key, item) -> fields.put(String.valueOf(key), bind(item, values)));
                yield fields;
            }
            case null, default -> value;
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof QueryTemplate template && template.json.equals(json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(json);
    }

    @Override
    public String toString() {
        return "QueryTemplate" + json;
    }
}
