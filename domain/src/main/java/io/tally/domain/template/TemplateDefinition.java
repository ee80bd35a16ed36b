package io.tally.domain.template;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import io.tally.domain.query.ParamType;
import io.tally.domain.query.QueryParam;
import io.tally.domain.query.QueryTemplate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A report as data: its title and description, whom it is about ({@link TemplateScope}), the parameters a request may
 * set ({@code {{name}}} in its queries and words), notes under the title, key figures, and sections of tables, charts,
 * text and events. It refers only to metrics (the catalogue's) and saved queries; whether those exist is checked
 * against the tenant's catalogue when it is saved ({@code ReportTemplateService}), the shape here.
 *
 * <p>Titles, notes and text may also say the report's own placeholders ({@link #PLACEHOLDERS}): {@code {{customer}}}
 * (whom it is about), {@code {{from}}}, {@code {{to}}}, {@code {{days}}}, {@code {{previous_from}}},
 * {@code {{previous_to}}}, {@code {{timezone}}} and {@code {{measured_until}}}; a note that says
 * {@code {{measured_until}}} is shown only while the period has not ended.
 */
public record TemplateDefinition(String title, Optional<String> description, TemplateScope scope, List<QueryParam> params,
                                 List<String> notes, List<FigureSpec> keyFigures, List<Section> sections) {

    public static final int TITLE_MAX_LENGTH = 100;
    public static final int DESCRIPTION_MAX_LENGTH = 500;
    public static final int NOTE_MAX_LENGTH = 500;
    public static final int MAX_PARAMS = 10;
    public static final int MAX_NOTES = 10;
    public static final int MAX_KEY_FIGURES = 24;
    public static final int MAX_SECTIONS = 20;
    public static final int MAX_BLOCKS = 10;
    /** What a report fills in itself, wherever words may say {@code {{name}}}. */
    public static final Set<String> PLACEHOLDERS = Set.of("customer", "from", "to", "days", "previous_from", "previous_to", "timezone",
            "measured_until");
    /** The placeholder of a note shown only while the period has not ended. */
    public static final String MEASURED_UNTIL = "measured_until";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z][a-z0-9_]{0,63})\\s*}}");

    /** A titled part of the report. */
    public record Section(String title, List<TemplateBlock> blocks) {
        public Section {
            String problem = Text.labelProblem(title, TemplateBlock.TITLE_MAX_LENGTH);
            if (problem != null) {
                throw new InvalidValueException("title", problem);
            }
            blocks = List.copyOf(blocks);
            if (blocks.isEmpty() || blocks.size() > MAX_BLOCKS) {
                throw new InvalidValueException("blocks", "takes 1 to " + MAX_BLOCKS + " blocks");
            }
        }
    }

    /** A query of the template and the field it is at ({@code sections[1].blocks[0].query}). */
    public record PlacedSource(String field, TemplateBlock.Source source) {
    }

    public TemplateDefinition {
        String titleProblem = Text.labelProblem(title, TITLE_MAX_LENGTH);
        if (titleProblem != null) {
            throw new InvalidValueException("title", titleProblem);
        }
        Objects.requireNonNull(description, "description");
        description.ifPresent(text -> {
            String problem = Text.labelProblem(text, DESCRIPTION_MAX_LENGTH);
            if (problem != null) {
                throw new InvalidValueException("description", problem);
            }
        });
        Objects.requireNonNull(scope, "scope");
        params = List.copyOf(params);
        notes = List.copyOf(notes);
        keyFigures = List.copyOf(keyFigures);
        sections = List.copyOf(sections);
        if (params.size() > MAX_PARAMS) {
            throw new InvalidValueException("params", "at most " + MAX_PARAMS + " parameters");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < params.size(); i++) {
            QueryParam param = params.get(i);
            if (!names.add(param.name())) {
                throw new InvalidValueException("params[" + i + "].name", "'" + param.name() + "' is declared twice");
            }
            if (PLACEHOLDERS.contains(param.name())) {
                throw new InvalidValueException("params[" + i + "].name", "'" + param.name() + "' is the report's own: "
                        + String.join(", ", PLACEHOLDERS.stream().sorted().toList()) + " are taken");
            }
            if (param.type() == ParamType.CUSTOMER) {
                throw new InvalidValueException("params[" + i + "].type", "the customer is whom the report is about, asked for with customer=");
            }
        }
        if (notes.size() > MAX_NOTES) {
            throw new InvalidValueException("notes", "at most " + MAX_NOTES + " notes");
        }
        for (int i = 0; i < notes.size(); i++) {
            String problem = Text.labelProblem(notes.get(i), NOTE_MAX_LENGTH);
            if (problem != null) {
                throw new InvalidValueException("notes[" + i + "]", problem);
            }
            requireDeclared(notes.get(i), names, "notes[" + i + "]");
        }
        if (keyFigures.size() > MAX_KEY_FIGURES) {
            throw new InvalidValueException("key_figures", "at most " + MAX_KEY_FIGURES + " key figures");
        }
        for (int i = 0; i < keyFigures.size(); i++) {
            int index = i;
            keyFigures.get(i).label().ifPresent(label -> requireDeclared(label, names, "key_figures[" + index + "].label"));
        }
        if (sections.isEmpty() || sections.size() > MAX_SECTIONS) {
            throw new InvalidValueException("sections", "takes 1 to " + MAX_SECTIONS + " sections");
        }
        int events = 0;
        for (int s = 0; s < sections.size(); s++) {
            Section section = sections.get(s);
            String at = "sections[" + s + "]";
            requireDeclared(section.title(), names, at + ".title");
            for (int b = 0; b < section.blocks().size(); b++) {
                String field = at + ".blocks[" + b + "]";
                switch (section.blocks().get(b)) {
                    case TemplateBlock.Table table -> requireDeclared(table.source(), names, field);
                    case TemplateBlock.Chart chart -> {
                        requireDeclared(chart.title(), names, field + ".title");
                        requireDeclared(chart.source(), names, field);
                    }
                    case TemplateBlock.Text text -> requireDeclared(text.text(), names, field + ".text");
                    case TemplateBlock.Events ignored -> {
                        if (scope != TemplateScope.CUSTOMER) {
                            throw new InvalidValueException(field, "usage events are a customer's: a template of the whole tenant has none");
                        }
                        if (++events > 1) {
                            throw new InvalidValueException(field, "a report lists the events once");
                        }
                    }
                }
            }
        }
    }

    /** Whether the report is the customer's events alone, one flat table (a usage history). */
    public boolean isEventsOnly() {
        return sections.size() == 1 && sections.getFirst().blocks().size() == 1
                && sections.getFirst().blocks().getFirst() instanceof TemplateBlock.Events;
    }

    /** Every table's and chart's query, with the field it is at. */
    public List<PlacedSource> sources() {
        List<PlacedSource> sources = new ArrayList<>();
        for (int s = 0; s < sections.size(); s++) {
            List<TemplateBlock> blocks = sections.get(s).blocks();
            for (int b = 0; b < blocks.size(); b++) {
                String field = "sections[" + s + "].blocks[" + b + "]";
                switch (blocks.get(b)) {
                    case TemplateBlock.Table table -> sources.add(placed(field, table.source()));
                    case TemplateBlock.Chart chart -> sources.add(placed(field, chart.source()));
                    default -> {
                    }
                }
            }
        }
        return sources;
    }

    private static PlacedSource placed(String field, TemplateBlock.Source source) {
        return new PlacedSource(field + (source instanceof TemplateBlock.Inline ? ".query" : ".saved_query.params"), source);
    }

    /** The parameters' sample values (default, else the first allowed value, else a sample of the type), by name. */
    public Map<String, Object> sampleParams() {
        Map<String, Object> values = new LinkedHashMap<>();
        params.forEach(param -> values.put(param.name(), param.sample()));
        return values;
    }

    /**
     * Words with every {@code {{name}}} replaced by its value; a placeholder without a value stays as it is written. Used
     * for titles, labels, notes and text.
     */
    public static String fill(String words, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(words);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? matcher.group() : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Whether words say {@code {{name}}}. */
    public static boolean mentions(String words, String name) {
        Matcher matcher = PLACEHOLDER.matcher(words);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static void requireDeclared(String words, Set<String> params, String field) {
        Matcher matcher = PLACEHOLDER.matcher(words);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!params.contains(name) && !PLACEHOLDERS.contains(name)) {
                throw new InvalidValueException(field, "{{" + name + "}} is neither a parameter of the template nor one of the report's: "
                        + String.join(", ", PLACEHOLDERS.stream().sorted().toList()));
            }
        }
    }

    private static void requireDeclared(TemplateBlock.Source source, Set<String> params, String field) {
        QueryTemplate query = switch (source) {
            case TemplateBlock.Inline inline -> inline.query();
            case TemplateBlock.Saved saved -> saved.params();
        };
        String prefix = field + (source instanceof TemplateBlock.Inline ? ".query" : ".saved_query.params");
        query.placeholders(prefix).forEach((placeholder, path) -> {
            if (!params.contains(placeholder)) {
                throw new InvalidValueException(path, "{{" + placeholder + "}} is not a parameter of the template; declare it in params");
            }
        });
        if (source instanceof TemplateBlock.Inline inline) {
            for (String field1 : List.of("customer", "meter")) {
                if (inline.query().json().containsKey(field1)) {
                    throw new InvalidValueException(prefix + "." + field1, field1.equals("customer")
                            ? "a template's queries are about the report's customer (or the whole tenant): name none"
                            : "a template refers to metrics, not meters: use metric or metrics");
                }
            }
        }
    }
}
