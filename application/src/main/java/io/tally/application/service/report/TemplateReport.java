package io.tally.application.service.report;

import io.tally.application.port.in.PeriodSpec;
import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.QueryAnalyticsUseCase;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.application.port.out.SavedQueryStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.Period;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.query.ParamType;
import io.tally.domain.query.SavedQuery;
import io.tally.domain.report.Block;
import io.tally.domain.report.Cell;
import io.tally.domain.report.Chart;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.report.KeyFigure;
import io.tally.domain.report.Paragraph;
import io.tally.domain.report.Report;
import io.tally.domain.report.ReportKind;
import io.tally.domain.report.Section;
import io.tally.domain.report.ValueType;
import io.tally.domain.template.FigureSpec;
import io.tally.domain.template.ReportTemplate;
import io.tally.domain.template.TemplateBlock;
import io.tally.domain.template.TemplateDefinition;
import io.tally.domain.template.TemplateScope;
import io.tally.domain.tenant.Tenant;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import io.tally.domain.dashboard.WidgetValue;
import io.tally.application.service.insight.ChartForecasts;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A report template made a report: its key figures, tables and charts are analytics questions asked through
 * {@link QueryAnalyticsUseCase}, exactly as {@code POST /api/v1/analytics/query} would ask them (the same checks of who
 * may see what, the same figures), for the report's customer (else the whole tenant) and over the report's period,
 * unless a block's query names a period of its own. Nothing here computes a figure; it lays the answers out.
 */
final class TemplateReport {

    private static final DateTimeFormatter MEASURED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** The fields of a query's JSON form that name its period. */
    private static final Set<String> PERIOD_FIELDS = Set.of("days", "from", "to", "month", "period");

    private final QueryAnalyticsUseCase analytics;
    private final SavedQueryStorePort savedQueries;
    private final EventsTable events;

    TemplateReport(QueryAnalyticsUseCase analytics, SavedQueryStorePort savedQueries, EventsTable events) {
        this.analytics = Objects.requireNonNull(analytics, "analytics");
        this.savedQueries = Objects.requireNonNull(savedQueries, "savedQueries");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** What a report is of: who asks, the tenant, its customer (none: the whole tenant), the period, the parameters' values, now. */
    record Asked(Actor actor, Tenant tenant, Optional<Customer> customer, Period period, Map<String, Object> params, ExportFormat format,
                 Instant now) {
    }

    Report build(ReportTemplate template, Asked asked) {
        TemplateDefinition definition = template.definition();
        Map<String, String> words = placeholders(asked);
        List<String> notes = new ArrayList<>();
        for (String note : definition.notes()) {
            if (!TemplateDefinition.mentions(note, TemplateDefinition.MEASURED_UNTIL) || asked.period().end().isAfter(asked.now())) {
                notes.add(TemplateDefinition.fill(note, words));
            }
        }
        List<KeyFigure> figures = keyFigures(definition.keyFigures(), asked, words);
        List<Section> sections = new ArrayList<>();
        for (int s = 0; s < definition.sections().size(); s++) {
            TemplateDefinition.Section section = definition.sections().get(s);
            List<Block> blocks = new ArrayList<>();
            for (int b = 0; b < section.blocks().size(); b++) {
                blocks.addAll(block(section.blocks().get(b), "sections[" + s + "].blocks[" + b + "]", asked, words));
            }
            sections.add(new Section(TemplateDefinition.fill(section.title(), words), blocks));
        }
        ReportKind kind = new ReportKind(template.key().value(), definition.scope() == TemplateScope.CUSTOMER, definition.isEventsOnly());
        String subject = asked.customer().map(Customer::displayName).orElse(asked.tenant().displayName());
        return new Report(kind, TemplateDefinition.fill(definition.title(), words), subject, asked.period().from(), asked.period().to(),
                asked.period().zone(), asked.now(), new Report.Brand(asked.tenant().displayName(), asked.tenant().settings().brandColour()), notes,
                figures, sections);
    }

    /** What words may say besides the parameters: whom, the period and the one before, the timezone, when measured. */
    private static Map<String, String> placeholders(Asked asked) {
        Map<String, String> words = new LinkedHashMap<>();
        asked.params().forEach((name, value) -> words.put(name, value instanceof BigDecimal number ? number.stripTrailingZeros().toPlainString()
                : String.valueOf(value)));
        Period period = asked.period();
        Period before = period.previous();
        words.put("customer", asked.customer().map(Customer::displayName).orElse(asked.tenant().displayName()));
        words.put("from", period.from().toString());
        words.put("to", period.to().toString());
        words.put("days", Integer.toString(period.days()));
        words.put("previous_from", before.from().toString());
        words.put("previous_to", before.to().toString());
        words.put("timezone", period.zone().value());
        words.put(TemplateDefinition.MEASURED_UNTIL, MEASURED.format(asked.now().atZone(period.zone().zone())));
        return words;
    }

    /** The figures, asked in as few questions as the same options allow (compared or not, top by, filters), kept in order. */
    private List<KeyFigure> keyFigures(List<FigureSpec> specs, Asked asked, Map<String, String> words) {
        Map<List<Object>, List<Integer>> questions = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            FigureSpec spec = specs.get(i);
            List<Integer> same = questions.computeIfAbsent(List.of(spec.compare(), spec.topBy(), spec.filters(), i / QueryDefinition.MAX_METRICS),
                    key -> new ArrayList<>());
            if (same.stream().noneMatch(other -> specs.get(other).metric().equals(spec.metric()))) {
                same.add(i);
            }
        }
        Map<Integer, AnalyticsResult.SeriesResult> answered = new LinkedHashMap<>();
        for (List<Integer> indexes : questions.values()) {
            FigureSpec first = specs.get(indexes.getFirst());
            List<MetricKey> metrics = indexes.stream().map(i -> specs.get(i).metric()).toList();
            QueryDefinition question = new QueryDefinition(Optional.empty(), metrics, customerId(asked), periodSpec(asked.period()),
                    BucketSize.MONTH, first.topBy().map(List::of).orElse(List.of()), first.filters(), first.compare(), true,
                    first.topBy().isPresent() ? 1 : QueryDefinition.MAX_LIMIT, Optional.empty(), Optional.empty(), true);
            AnalyticsResult result = ask(question, asked.actor(), "key_figures[" + indexes.getFirst() + "]");
            for (int i = 0; i < indexes.size(); i++) {
                answered.put(indexes.get(i), result.series().get(i));
            }
        }
        List<KeyFigure> figures = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            FigureSpec spec = specs.get(i);
            int index = i;
            AnalyticsResult.SeriesResult series = answered.computeIfAbsent(i, ignored -> answered.entrySet().stream()
                    .filter(entry -> specs.get(entry.getKey()).metric().equals(spec.metric())
                            && specs.get(entry.getKey()).compare() == specs.get(index).compare()
                            && specs.get(entry.getKey()).topBy().equals(specs.get(index).topBy())
                            && specs.get(entry.getKey()).filters().equals(specs.get(index).filters()))
                    .findFirst().orElseThrow().getValue());
            figures.addAll(figures(spec, series, words));
        }
        return figures;
    }

    /** One figure, or for money one per currency; with top_by, the largest group's. */
    private static List<KeyFigure> figures(FigureSpec spec, AnalyticsResult.SeriesResult series, Map<String, String> words) {
        Metric metric = series.metric();
        String label = spec.label().map(text -> TemplateDefinition.fill(text, words)).orElse(metric.name());
        if (spec.topBy().isPresent()) {
            Optional<AnalyticsResult.Group> top = series.groups().stream().findFirst();
            Map<String, String> key = top.map(group -> ReportBlocks.key(series.dimensions(), group)).orElse(Map.of());
            String value = top.isEmpty() ? "none" : Optional.ofNullable(key.get(spec.topBy().get())).orElse(ReportBlocks.NONE);
            Optional<CurrencyCode> currency = ReportBlocks.currency(metric.unit(), key);
            return List.of(figure(spec, metric, label + ": " + value + currency.map(code -> " (" + code.value() + ")").orElse(""), currency,
                    top.map(AnalyticsResult.Group::total).orElse(null)));
        }
        if (metric.unit() == MetricUnit.MONEY && !series.dimensions().isEmpty()) {
            List<AnalyticsResult.Group> groups = new ArrayList<>(series.groups());
            groups.sort(Comparator.comparing(group -> String.valueOf(ReportBlocks.key(series.dimensions(), group).get("currency"))));
            List<KeyFigure> figures = new ArrayList<>();
            for (AnalyticsResult.Group group : groups) {
                Optional<CurrencyCode> currency = ReportBlocks.currency(metric.unit(), ReportBlocks.key(series.dimensions(), group));
                figures.add(figure(spec, metric, label + currency.map(code -> " (" + code.value() + ")").orElse(""), currency, group.total()));
            }
            return figures;
        }
        return List.of(figure(spec, metric, label, Optional.empty(), series.total().orElse(null)));
    }

    private static KeyFigure figure(FigureSpec spec, Metric metric, String label, Optional<CurrencyCode> currency, AnalyticsResult.Total total) {
        ValueType type = currency.isPresent() ? ValueType.MONEY : ReportBlocks.numberType(metric.unit());
        Cell value = ReportBlocks.cell(total == null ? null : total.value(), currency, metric.decimals());
        if (!spec.compare()) {
            return KeyFigure.of(label, type, value, metric.polarity());
        }
        return KeyFigure.compared(label, type, value, ReportBlocks.cell(total == null ? null : total.previous(), currency, metric.decimals()),
                total == null ? null : total.growthPct(), metric.polarity());
    }

    /** A block's report blocks: a table, the charts of a chart block (one per currency of money), a paragraph, the events. */
    private List<Block> block(TemplateBlock block, String field, Asked asked, Map<String, String> words) {
        return switch (block) {
            case TemplateBlock.Text text -> List.of(new Paragraph(TemplateDefinition.fill(text.text(), words)));
            case TemplateBlock.Events ignored -> List.of(events.of(asked.actor(), asked.customer().orElseThrow(), asked.period(), asked.format()));
            case TemplateBlock.Table table -> {
                Question question = question(table.source(), field, asked, table.rows() != TemplateBlock.Rows.BUCKETS,
                        table.order() == TemplateBlock.Order.VALUE);
                AnalyticsResult result = ask(question.definition(), asked.actor(), question.field());
                yield List.of(TemplateTables.table(table, result, !question.definition().groupBy().isEmpty(),
                        question.definition().orderBy().map(MetricKey::value), question.definition().bucket(), question.rows()));
            }
            case TemplateBlock.Chart chart -> {
                boolean breakdown = chart.chart() == TemplateBlock.ChartKind.BREAKDOWN;
                Question question = question(chart.source(), field, asked, breakdown, true);
                AnalyticsResult result = ask(question.definition(), asked.actor(), question.field());
                String title = TemplateDefinition.fill(chart.title(), words);
                if (breakdown) {
                    yield List.copyOf(TemplateTables.breakdowns(title, result, question.definition().orderBy().map(MetricKey::value)));
                }
                WidgetValue.Chart value = ReportBlocks.chartValue(result, question.definition().bucket());
                if (chart.chart() == TemplateBlock.ChartKind.FORECAST) {
                    // the series read as insights read them: their finished buckets, then the forecast with its bands
                    List<LocalDateTime> starts = ReportBlocks.starts(value, result.period());
                    List<Block> pictures = new ArrayList<>();
                    List<Block> tables = new ArrayList<>();
                    for (WidgetValue.SeriesForecast forecast : ChartForecasts.of(value, asked.now(), result.period().zone().zone())) {
                        List<Block> made = ReportBlocks.forecast(value, forecast, starts, result.period());
                        pictures.add(made.getFirst() instanceof Chart.Forecast picture
                                ? new Chart.Forecast(title + (value.series().size() > 1 ? ": " + picture.title() : ""), picture.type(),
                                        picture.granularity(), picture.at(), picture.actual(), picture.bands(), picture.anomalies(), picture.note())
                                : made.getFirst());
                        tables.addAll(made.subList(1, made.size()));
                    }
                    pictures.addAll(tables);
                    yield pictures;
                }
                Chart.TimeSeries.Style style = chart.chart() == TemplateBlock.ChartKind.BAR ? Chart.TimeSeries.Style.BAR : Chart.TimeSeries.Style.LINE;
                yield ReportBlocks.charts(Optional.of(title), style, value, result.period());
            }
        };
    }

    /** A block's question, the field its query is at, and how many groups it shows (the query's limit). */
    private record Question(QueryDefinition definition, String field, int rows) {
    }

    /**
     * The block's query with the template's parameters filled in (a saved query's with the values the block gives it),
     * about the report's customer and over the report's period unless an inline query names its own (then in the
     * report's timezone); asked for its totals only when only totals are shown. The metrics of a question of several show
     * the groups of the first metric (unless it says order_by) when the rows follow it ({@code byLeader}) or go over the
     * buckets: the others are asked for those groups; a table of totals in the order of its groups' names asks every
     * metric for all its groups, up to {@value QueryDefinition#MAX_LIMIT} (one bucket each, so never too many cells), and
     * keeps the first {@code limit} rows.
     */
    private Question question(TemplateBlock.Source source, String field, Asked asked, boolean totalsOnly, boolean byLeader) {
        QueryDefinition definition;
        String at;
        boolean ownPeriod = false;
        switch (source) {
            case TemplateBlock.Inline inline -> {
                at = field + ".query";
                definition = QueryDefinition.read(inline.query().bind(asked.params()::get), at + ".");
                ownPeriod = inline.query().json().keySet().stream().anyMatch(PERIOD_FIELDS::contains);
            }
            case TemplateBlock.Saved saved -> {
                at = field + ".saved_query";
                SavedQuery query = savedQueries.find(asked.actor().tenant(), saved.id()).filter(found -> found.visibleTo(asked.actor()))
                        .orElseThrow(() -> new NotFoundException("query", saved.id().toString()));
                Map<String, Object> values = savedValues(query, saved, asked.params(), asked.customer().map(found -> found.id().value()), at);
                definition = QueryDefinition.read(query.bind(values), at + ".query.");
            }
        }
        definition = definition.forCustomer(customerId(asked));
        PeriodSpec period = definition.period();
        definition = definition.withPeriod(ownPeriod ? new PeriodSpec(period.days(), period.from(), period.to(), period.month(), period.relative(),
                period.tz().or(() -> Optional.of(asked.period().zone())), period.exact()) : periodSpec(asked.period()));
        int rows = definition.limit();
        if (definition.metrics().size() > 1 && definition.orderBy().isEmpty()) {
            definition = byLeader || !totalsOnly ? definition.withOrderBy(definition.metrics().getFirst())
                    : definition.withLimit(QueryDefinition.MAX_LIMIT);
        }
        if (totalsOnly) {
            definition = definition.forTotals();
        }
        return new Question(definition, at, rows);
    }

    /**
     * A saved query's parameters' values: those the block gives (with the template's parameters filled in), and for a
     * customer parameter it leaves out, the report's customer (else the parameter's sample: the report overrides the
     * customer anyway). Fails naming {@code at.params.<name>}.
     */
    static Map<String, Object> savedValues(SavedQuery query, TemplateBlock.Saved saved, Map<String, Object> templateParams,
                                           Optional<String> customer, String at) {
        Map<String, Object> given = new LinkedHashMap<>(saved.params().bind(templateParams::get));
        query.definition().params().stream().filter(param -> param.type() == ParamType.CUSTOMER && !given.containsKey(param.name()))
                .forEach(param -> given.put(param.name(), customer.orElseGet(() -> (String) param.sample())));
        try {
            return query.values(given);
        } catch (InvalidValueException e) {
            throw e.forField(at + "." + e.field());
        }
    }

    /** Answers a question, naming a refused field from the top of the template ({@code sections[1].blocks[0].query.group_by}). */
    private AnalyticsResult ask(QueryDefinition definition, Actor actor, String field) {
        try {
            return analytics.queryAnalytics(definition.askedBy(actor));
        } catch (InvalidValueException e) {
            throw e.forField(field + (e.field().isEmpty() ? "" : "." + e.field()));
        }
    }

    private static Optional<CustomerId> customerId(Asked asked) {
        return asked.customer().map(Customer::id);
    }

    /** Exactly the report's days in its timezone. */
    private static PeriodSpec periodSpec(Period period) {
        return PeriodSpec.of(period);
    }
}
