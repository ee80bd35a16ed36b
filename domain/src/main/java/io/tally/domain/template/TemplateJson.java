package io.tally.domain.template;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.query.ParamType;
import io.tally.domain.query.QueryParam;
import io.tally.domain.query.QueryTemplate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A report template's JSON form, read and written. Reading names the field of every problem, from the top of the
 * template down: {@code sections[1].blocks[0].query.metric}, {@code key_figures[2].metric}. The form:
 * <pre>
 * {"title": …, "description": …, "scope": "customer" | "tenant",
 *  "params": [{"name": "min_posts", "type": "number", "default": 3}],
 *  "notes": ["Compared with the {{days}} days before: {{previous_from}} to {{previous_to}}."],
 *  "key_figures": [{"metric": "posts_published"}, {"metric": "content_engagement", "label": "Top platform", "top_by": "platform"}],
 *  "sections": [{"title": "By platform", "blocks": [
 *      {"type": "chart", "chart": "breakdown", "title": "Engagement by platform", "query": {"metric": "content_engagement", "group_by": ["platform"]}},
 *      {"type": "table", "query": {…}, "rows": "groups", "order": "value", "share_of": "content_engagement", "headings": {"platform": "Platform"}},
 *      {"type": "table", "saved_query": {"id": "…", "params": {…}}},
 *      {"type": "text", "text": "…"},
 *      {"type": "events"}]}]}
 * </pre>
 */
public final class TemplateJson {

    private static final Set<String> FIELDS = Set.of("key", "title", "description", "scope", "params", "notes", "key_figures", "sections");
    private static final Set<String> PARAM_FIELDS = Set.of("name", "type", "default", "required", "allowed");
    private static final Set<String> FIGURE_FIELDS = Set.of("metric", "label", "compare", "top_by", "filters");
    private static final Set<String> SECTION_FIELDS = Set.of("title", "blocks");
    private static final Set<String> TABLE_FIELDS = Set.of("type", "query", "saved_query", "rows", "order", "share_of", "headings", "none_label");
    private static final Set<String> CHART_FIELDS = Set.of("type", "chart", "title", "query", "saved_query");
    private static final Set<String> TEXT_FIELDS = Set.of("type", "text");
    private static final Set<String> EVENTS_FIELDS = Set.of("type");
    private static final Set<String> SAVED_FIELDS = Set.of("id", "params");

    private TemplateJson() {
    }

    /** The definition from its JSON form (a {@code key} field is left to the caller). */
    public static TemplateDefinition read(Map<String, ?> json) {
        Fields fields = new Fields(json, "");
        fields.only(FIELDS, "a report template");
        String title = fields.requiredText("title");
        Optional<String> description = fields.text("description");
        TemplateScope scope = TemplateScope.fromWireName(fields.requiredText("scope"), "scope");
        List<QueryParam> params = new ArrayList<>();
        List<Map<String, ?>> paramList = fields.objects("params");
        for (int i = 0; i < paramList.size(); i++) {
            params.add(param(new Fields(paramList.get(i), "params[" + i + "]")));
        }
        List<String> notes = fields.texts("notes");
        List<FigureSpec> figures = new ArrayList<>();
        List<Map<String, ?>> figureList = fields.objects("key_figures");
        for (int i = 0; i < figureList.size(); i++) {
            figures.add(figure(new Fields(figureList.get(i), "key_figures[" + i + "]")));
        }
        List<TemplateDefinition.Section> sections = new ArrayList<>();
        List<Map<String, ?>> sectionList = fields.objects("sections");
        for (int i = 0; i < sectionList.size(); i++) {
            sections.add(section(new Fields(sectionList.get(i), "sections[" + i + "]")));
        }
        return new TemplateDefinition(title, description, scope, params, notes, figures, sections);
    }

    private static QueryParam param(Fields fields) {
        fields.only(PARAM_FIELDS, "a parameter");
        ParamType type = fields.wrap("type", () -> ParamType.fromWireName(fields.requiredText("type"), "type"));
        List<?> allowed = fields.list("allowed");
        return fields.wrap("", () -> new QueryParam(fields.text("name").orElse(""), type, Optional.ofNullable(number(fields.value("default"))),
                Boolean.TRUE.equals(fields.bool("required").orElse(false)), allowed.stream().map(TemplateJson::number).toList()));
    }

    private static Object number(Object value) {
        return value instanceof Number number && !(value instanceof BigDecimal) ? new BigDecimal(number.toString()) : value;
    }

    private static FigureSpec figure(Fields fields) {
        fields.only(FIGURE_FIELDS, "a key figure");
        MetricKey metric = fields.metric("metric").orElseThrow(() -> new InvalidValueException(fields.at("metric"), "is required"));
        return fields.wrap("", () -> new FigureSpec(metric, fields.text("label"), fields.bool("compare").orElse(true), fields.text("top_by"),
                fields.textMap("filters")));
    }

    private static TemplateDefinition.Section section(Fields fields) {
        fields.only(SECTION_FIELDS, "a section");
        String title = fields.requiredText("title");
        List<TemplateBlock> blocks = new ArrayList<>();
        List<Map<String, ?>> blockList = fields.objects("blocks");
        for (int i = 0; i < blockList.size(); i++) {
            blocks.add(block(new Fields(blockList.get(i), fields.at("blocks[" + i + "]"))));
        }
        return fields.wrap("", () -> new TemplateDefinition.Section(title, blocks));
    }

    private static TemplateBlock block(Fields fields) {
        String type = fields.requiredText("type");
        return switch (type) {
            case "table" -> {
                fields.only(TABLE_FIELDS, "a table");
                TemplateBlock.Source source = source(fields);
                TemplateBlock.Rows rows = fields.text("rows").map(value -> TemplateBlock.wireValue(TemplateBlock.Rows.class, value, fields.at("rows")))
                        .orElse(TemplateBlock.Rows.GROUPS);
                TemplateBlock.Order order = fields.text("order")
                        .map(value -> TemplateBlock.wireValue(TemplateBlock.Order.class, value, fields.at("order"))).orElse(TemplateBlock.Order.VALUE);
                yield fields.wrap("", () -> new TemplateBlock.Table(source, rows, order, fields.metric("share_of"), fields.textMap("headings"),
                        fields.text("none_label")));
            }
            case "chart" -> {
                fields.only(CHART_FIELDS, "a chart");
                TemplateBlock.ChartKind chart = TemplateBlock.wireValue(TemplateBlock.ChartKind.class, fields.requiredText("chart"), fields.at("chart"));
                String title = fields.requiredText("title");
                TemplateBlock.Source source = source(fields);
                yield fields.wrap("", () -> new TemplateBlock.Chart(chart, title, source));
            }
            case "text" -> {
                fields.only(TEXT_FIELDS, "a text");
                String text = fields.requiredText("text");
                yield fields.wrap("", () -> new TemplateBlock.Text(text));
            }
            case "events" -> {
                fields.only(EVENTS_FIELDS, "the events");
                yield new TemplateBlock.Events();
            }
            default -> throw new InvalidValueException(fields.at("type"), "must be table, chart, text or events");
        };
    }

    private static TemplateBlock.Source source(Fields fields) {
        Object query = fields.value("query");
        Object saved = fields.value("saved_query");
        if ((query == null) == (saved == null)) {
            throw new InvalidValueException(fields.at(query == null ? "query" : "saved_query"), "give one of query (the analytics query, as "
                    + "POST /api/v1/analytics/query takes it) and saved_query ({\"id\": …, \"params\": {…}})");
        }
        if (query != null) {
            return new TemplateBlock.Inline(QueryTemplate.of(query, fields.at("query")));
        }
        if (!(saved instanceof Map<?, ?> map)) {
            throw new InvalidValueException(fields.at("saved_query"), "must be an object: {\"id\": …, \"params\": {…}}");
        }
        @SuppressWarnings("unchecked")
        Fields savedFields = new Fields((Map<String, ?>) map, fields.at("saved_query"));
        savedFields.only(SAVED_FIELDS, "a saved query");
        String id = savedFields.requiredText("id");
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(savedFields.at("id"), "'" + id + "' is not a saved query's id (a UUID)");
        }
        Object params = savedFields.value("params");
        return new TemplateBlock.Saved(uuid, QueryTemplate.of(params == null ? Map.of() : params, savedFields.at("params")));
    }

    /** The definition in its JSON form, {@code key} first when given: what {@link #read} reads back to an equal definition. */
    public static Map<String, Object> write(Optional<TemplateKey> key, TemplateDefinition definition) {
        Map<String, Object> json = new LinkedHashMap<>();
        key.ifPresent(value -> json.put("key", value.value()));
        json.put("title", definition.title());
        definition.description().ifPresent(text -> json.put("description", text));
        json.put("scope", definition.scope().wireName());
        List<Object> params = new ArrayList<>();
        for (QueryParam param : definition.params()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", param.name());
            item.put("type", param.type().wireName());
            param.defaultValue().ifPresent(value -> item.put("default", value));
            if (param.required()) {
                item.put("required", true);
            }
            if (!param.allowed().isEmpty()) {
                item.put("allowed", param.allowed());
            }
            params.add(item);
        }
        json.put("params", params);
        json.put("notes", definition.notes());
        List<Object> figures = new ArrayList<>();
        for (FigureSpec figure : definition.keyFigures()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("metric", figure.metric().value());
            figure.label().ifPresent(label -> item.put("label", label));
            if (!figure.compare()) {
                item.put("compare", false);
            }
            figure.topBy().ifPresent(dimension -> item.put("top_by", dimension));
            if (!figure.filters().isEmpty()) {
                item.put("filters", new LinkedHashMap<>(figure.filters()));
            }
            figures.add(item);
        }
        json.put("key_figures", figures);
        List<Object> sections = new ArrayList<>();
        for (TemplateDefinition.Section section : definition.sections()) {
            List<Object> blocks = new ArrayList<>();
            for (TemplateBlock block : section.blocks()) {
                blocks.add(write(block));
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("title", section.title());
            item.put("blocks", blocks);
            sections.add(item);
        }
        json.put("sections", sections);
        return json;
    }

    private static Map<String, Object> write(TemplateBlock block) {
        Map<String, Object> json = new LinkedHashMap<>();
        switch (block) {
            case TemplateBlock.Table table -> {
                json.put("type", "table");
                write(table.source(), json);
                json.put("rows", table.rows().wireName());
                json.put("order", table.order().wireName());
                table.shareOf().ifPresent(metric -> json.put("share_of", metric.value()));
                if (!table.headings().isEmpty()) {
                    json.put("headings", table.headings());
                }
                table.noneLabel().ifPresent(label -> json.put("none_label", label));
            }
            case TemplateBlock.Chart chart -> {
                json.put("type", "chart");
                json.put("chart", chart.chart().wireName());
                json.put("title", chart.title());
                write(chart.source(), json);
            }
            case TemplateBlock.Text text -> {
                json.put("type", "text");
                json.put("text", text.text());
            }
            case TemplateBlock.Events events -> json.put("type", "events");
        }
        return json;
    }

    private static void write(TemplateBlock.Source source, Map<String, Object> json) {
        switch (source) {
            case TemplateBlock.Inline inline -> json.put("query", inline.query().json());
            case TemplateBlock.Saved saved -> json.put("saved_query", Map.of("id", saved.id().toString(), "params", saved.params().json()));
        }
    }

    /** Typed reads of one JSON object's fields, naming {@code prefix}.field in errors. */
    private record Fields(Map<String, ?> json, String prefix) {

        String at(String field) {
            return prefix.isEmpty() ? field : field.isEmpty() ? prefix : prefix + "." + field;
        }

        void only(Set<String> known, String what) {
            for (String name : json.keySet()) {
                if (!known.contains(name)) {
                    throw new InvalidValueException(at(name), "is not a field of " + what + "; its fields are "
                            + String.join(", ", known.stream().sorted().toList()));
                }
            }
        }

        Object value(String name) {
            return json.get(name);
        }

        Optional<String> text(String name) {
            Object value = json.get(name);
            if (value == null) {
                return Optional.empty();
            }
            if (!(value instanceof String text)) {
                throw new InvalidValueException(at(name), "must be a string");
            }
            return Optional.of(text);
        }

        String requiredText(String name) {
            return text(name).orElseThrow(() -> new InvalidValueException(at(name), "is required"));
        }

        Optional<Boolean> bool(String name) {
            Object value = json.get(name);
            if (value == null) {
                return Optional.empty();
            }
            if (!(value instanceof Boolean flag)) {
                throw new InvalidValueException(at(name), "must be true or false");
            }
            return Optional.of(flag);
        }

        Optional<MetricKey> metric(String name) {
            return text(name).map(key -> {
                if (!MetricKey.isValid(key)) {
                    throw new InvalidValueException(at(name), "'" + key + "' is not a metric key");
                }
                return MetricKey.of(key);
            });
        }

        List<?> list(String name) {
            Object value = json.get(name);
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> list)) {
                throw new InvalidValueException(at(name), "must be a list");
            }
            return list;
        }

        List<String> texts(String name) {
            List<?> list = list(name);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String text)) {
                    throw new InvalidValueException(at(name + "[" + i + "]"), "must be a string");
                }
                texts.add(text);
            }
            return texts;
        }

        @SuppressWarnings("unchecked")
        List<Map<String, ?>> objects(String name) {
            List<?> list = list(name);
            List<Map<String, ?>> objects = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> map)) {
                    throw new InvalidValueException(at(name + "[" + i + "]"), "must be an object");
                }
                objects.add((Map<String, ?>) map);
            }
            return objects;
        }

        Map<String, String> textMap(String name) {
            Object value = json.get(name);
            if (value == null) {
                return Map.of();
            }
            if (!(value instanceof Map<?, ?> map) || map.values().stream().anyMatch(item -> !(item instanceof String))) {
                throw new InvalidValueException(at(name), "must be an object of strings");
            }
            Map<String, String> result = new LinkedHashMap<>();
            map.forEach((key, item) -> result.put(String.valueOf(key), (String) item));
            return result;
        }

        /** Runs a constructor whose checks name a field of this object, naming it from the top. */
        <T> T wrap(String field, Supplier<T> make) {
            try {
                return make.get();
            } catch (InvalidValueException e) {
                String inner = e.field().isEmpty() ? field : e.field();
                throw e.forField(at(inner));
            }
        }
    }
}
