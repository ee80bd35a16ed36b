package io.tally.application.service.dashboard;

import io.tally.application.port.in.dashboard.DashboardData;
import io.tally.application.service.report.ReportBlocks;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.Figures;
import io.tally.domain.analytics.Period;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.DomainException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.Customer;
import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.dashboard.Widget;
import io.tally.domain.dashboard.WidgetAnswer;
import io.tally.domain.dashboard.WidgetType;
import io.tally.domain.dashboard.WidgetValue;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.report.Block;
import io.tally.domain.report.Cell;
import io.tally.domain.report.Chart;
import io.tally.domain.report.Column;
import io.tally.domain.report.KeyFigure;
import io.tally.domain.report.Report;
import io.tally.domain.report.ReportKind;
import io.tally.domain.report.Section;
import io.tally.domain.report.Table;
import io.tally.domain.report.ValueType;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.target.TargetAssessment;
import java.math.RoundingMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A dashboard's answers as a report, in the order a reader sees its widgets (top to bottom, left to right): cards and
 * gauges as key figures (and, with a target, a row of the "Targets" table), line and bar charts as a chart per unit
 * of their series (several series in one chart, with a legend) with their figures in a table, pies as a breakdown with a table of shares, tables as tables. A widget that
 * could not answer is a note saying why. The report's period is the one most of its widgets cover; a widget over
 * another period says which in its title.
 */
final class DashboardReport {

    /** Up to this many series, a chart's table has a column per series; above, a row per bucket and series. */
    static final int WIDE_TABLE_SERIES = 3;
    private static final DateTimeFormatter MEASURED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private DashboardReport() {
    }

    static Report of(DashboardData data, Tenant tenant, Optional<Customer> customer, Instant now) {
        Dashboard.Definition definition = data.dashboard().definition();
        List<WidgetAnswer> answers = new ArrayList<>(data.widgets());
        answers.sort(Comparator.comparingInt((WidgetAnswer answer) -> answer.widget().position().y())
                .thenComparingInt(answer -> answer.widget().position().x()));
        List<Period> periods = answers.stream().filter(answer -> answer instanceof WidgetAnswer.Answered)
                .map(answer -> ((WidgetAnswer.Answered) answer).period()).toList();
        // the period most widgets cover (the first of those as common), else today
        Map<Period, Long> counts = periods.stream().collect(Collectors.groupingBy(period -> period, LinkedHashMap::new, Collectors.counting()));
        Optional<Period> main = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
        TimeZoneId zone = main.map(Period::zone).orElse(tenant.settings().timezone());
        LocalDate today = LocalDate.ofInstant(now, zone.zone());
        LocalDate from = main.map(Period::from).orElse(today);
        LocalDate to = main.map(Period::to).orElse(today);

        List<KeyFigure> figures = new ArrayList<>();
        List<List<Cell>> targets = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean compared = false;
        for (WidgetAnswer answer : answers) {
            Widget widget = answer.widget();
            if (answer instanceof WidgetAnswer.Failed failed) {
                problems.add("'" + widget.title() + "' could not be answered: " + detail(failed.problem()));
                continue;
            }
            WidgetAnswer.Answered answered = (WidgetAnswer.Answered) answer;
            String title = widget.title() + (main.get().equals(answered.period()) ? ""
                    : " (" + answered.period().from() + " to " + answered.period().to() + ")");
            switch (answered.value()) {
                case WidgetValue.Single single -> {
                    figures.add(keyFigure(title, single));
                    compared |= single.previous() != null;
                    single.target().ifPresent(target -> targets.add(List.of(Cell.text(title), Cell.text(unitText(single)),
                            Cell.number(single.value()), Cell.number(target), Cell.number(single.targetPct().orElse(null)), Cell.text(""))));
                    for (TargetAssessment assessed : single.targets()) {
                        // a metric's target: the current period's value as projected, against the target
                        BigDecimal projected = assessed.projection().map(projection -> BigDecimal.valueOf(projection.projected())
                                .setScale(single.decimals().orElse(single.unit() == MetricUnit.COUNT ? 0 : 2), RoundingMode.HALF_UP)).orElse(null);
                        targets.add(List.of(Cell.text(single.name() + ", " + assessed.target().period().wireName() + " from "
                                        + assessed.periodStart() + " (projected, " + assessed.target().comparison().symbol() + " target)"),
                                Cell.text(unitText(single)), Cell.number(projected), Cell.number(assessed.target().value()),
                                Cell.number(projected == null || assessed.target().value().signum() == 0 ? null
                                        : Figures.percent(projected, assessed.target().value())),
                                Cell.text(assessed.status().map(status -> status.wireName().replace('_', ' ')).orElse("no projection"))));
                    }
                }
                case WidgetValue.Chart chart -> sections.add(chart(title, widget.type(), chart, answered.period()));
                case WidgetValue.Pie pie -> sections.add(pie(title, pie));
                case WidgetValue.Table table -> sections.add(Section.of(title, table(table)));
            }
        }
        if (!targets.isEmpty()) {
            // a status column only when a metric's target has one (a widget's own target has none)
            boolean statuses = targets.stream().anyMatch(row -> !row.getLast().equals(Cell.text("")));
            List<Column> columns = new ArrayList<>(List.of(Column.of("Figure", ValueType.TEXT), Column.of("Unit", ValueType.TEXT),
                    Column.of("Value", ValueType.DECIMAL), Column.of("Target", ValueType.DECIMAL), Column.of("Of target %", ValueType.PERCENT)));
            if (statuses) {
                columns.add(Column.of("Status", ValueType.TEXT));
            }
            sections.addFirst(Section.of("Targets", Table.of(columns, statuses ? targets
                    : targets.stream().map(row -> row.subList(0, row.size() - 1)).toList())));
        }

        List<String> notes = new ArrayList<>();
        definition.description().ifPresent(notes::add);
        String filters = data.filters().entrySet().stream().filter(entry -> entry.getValue() != null)
                .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "));
        if (!filters.isEmpty()) {
            notes.add("Filters: " + filters + ".");
        }
        if (periods.stream().anyMatch(period -> period.end().isAfter(now))) {
            notes.add("The period has not ended: measured until " + MEASURED.format(now.atZone(zone.zone())) + " " + zone.value() + ".");
        }
        if (compared) {
            notes.add("Key figures are compared with the period of the same length before.");
        }
        notes.addAll(problems);
        String subject = customer.map(Customer::displayName).orElse(tenant.displayName());
        return new Report(ReportKind.DASHBOARD, definition.name(), subject, from, to, zone, now,
                new Report.Brand(tenant.displayName(), tenant.settings().brandColour()), notes, figures, sections);
    }

    /** A card's or gauge's figure: compared with the period before when it has a previous value. */
    private static KeyFigure keyFigure(String title, WidgetValue.Single single) {
        String label = title + ReportBlocks.suffix(single.key());
        Optional<CurrencyCode> currency = ReportBlocks.currency(single.unit(), single.key());
        ValueType type = currency.isPresent() ? ValueType.MONEY : ReportBlocks.numberType(single.unit());
        Cell value = ReportBlocks.cell(single.value(), currency, single.decimals());
        if (single.previous() == null) {
            return KeyFigure.of(label, type, value, single.polarity());
        }
        return KeyFigure.compared(label, type, value, ReportBlocks.cell(single.previous(), currency, single.decimals()), single.growthPct(),
                single.polarity());
    }

    /** A chart per unit (and currency) of the series, as {@link ReportBlocks#charts}, and a table of every series per bucket. */
    private static Section chart(String title, WidgetType type, WidgetValue.Chart chart, Period period) {
        Chart.TimeSeries.Style style = type == WidgetType.BAR ? Chart.TimeSeries.Style.BAR : Chart.TimeSeries.Style.LINE;
        List<LocalDateTime> starts = ReportBlocks.starts(chart, period);
        List<Block> pictures = new ArrayList<>();
        List<Block> forecastTables = new ArrayList<>();
        for (WidgetValue.SeriesForecast forecast : chart.forecasts()) {
            List<Block> made = ReportBlocks.forecast(chart, forecast, starts, period);
            pictures.add(made.getFirst());
            forecastTables.addAll(made.subList(1, made.size()));
        }
        // a line whose every series has its forecast drawn is drawn only with it (the plain chart would show the
        // unfinished bucket as a drop)
        boolean allForecast = !chart.forecasts().isEmpty() && chart.forecasts().size() == chart.series().size()
                && pictures.stream().allMatch(block -> block instanceof Chart.Forecast);
        List<Block> blocks = new ArrayList<>(allForecast ? List.of() : ReportBlocks.charts(Optional.empty(), style, chart, period));
        blocks.addAll(pictures);
        blocks.add(chart.series().size() <= WIDE_TABLE_SERIES ? wideTable(chart, starts) : longTable(chart, starts));
        blocks.addAll(forecastTables);
        return new Section(title, blocks);
    }


    /** A row per bucket and a column per series: for a few series. */
    private static Table wideTable(WidgetValue.Chart chart, List<LocalDateTime> starts) {
        List<Column> columns = new ArrayList<>();
        columns.add(ReportBlocks.bucketColumn(chart.size()));
        for (WidgetValue.ChartSeries series : chart.series()) {
            boolean money = ReportBlocks.currency(series.unit(), series.key()).isPresent();
            columns.add(Column.of(ReportBlocks.seriesTitle(series), money ? ValueType.MONEY : ReportBlocks.numberType(series.unit())));
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (int i = 0; i < chart.buckets().size(); i++) {
            List<Cell> row = new ArrayList<>();
            row.add(bucketCell(chart, starts, i));
            for (WidgetValue.ChartSeries series : chart.series()) {
                row.add(ReportBlocks.cell(series.values().get(i), ReportBlocks.currency(series.unit(), series.key()), series.decimals()));
            }
            rows.add(row);
        }
        return Table.of(columns, rows);
    }

    /**
     * A row per bucket and series (its name, its group), with the value in a column of the series' unit: for many
     * series, which would not fit across a page side by side. Amounts keep their currency.
     */
    private static Table longTable(WidgetValue.Chart chart, List<LocalDateTime> starts) {
        boolean money = chart.series().stream().anyMatch(series -> ReportBlocks.currency(series.unit(), series.key()).isPresent());
        MetricUnit unit = chart.series().getFirst().unit();
        boolean oneUnit = chart.series().stream().allMatch(series -> series.unit() == unit);
        ValueType type = money && oneUnit ? ValueType.MONEY : oneUnit ? ReportBlocks.numberType(unit) : ValueType.DECIMAL;
        List<Column> columns = List.of(ReportBlocks.bucketColumn(chart.size()), Column.of("Series", ValueType.TEXT), Column.of("Value", type));
        List<List<Cell>> rows = new ArrayList<>();
        for (int i = 0; i < chart.buckets().size(); i++) {
            for (WidgetValue.ChartSeries series : chart.series()) {
                Optional<CurrencyCode> currency = type == ValueType.MONEY ? ReportBlocks.currency(series.unit(), series.key()) : Optional.empty();
                rows.add(List.of(bucketCell(chart, starts, i), Cell.text(ReportBlocks.seriesTitle(series)),
                        ReportBlocks.cell(series.values().get(i), currency, series.decimals())));
            }
        }
        return Table.of(columns, rows);
    }

    private static Cell bucketCell(WidgetValue.Chart chart, List<LocalDateTime> starts, int bucket) {
        return chart.size() == BucketSize.HOUR ? Cell.moment(chart.buckets().get(bucket).start()) : Cell.day(starts.get(bucket).toLocalDate());
    }

    /** A breakdown of the slices with a value, largest first, and a table of every slice with its share of the whole. */
    private static Section pie(String title, WidgetValue.Pie pie) {
        ValueType type = ReportBlocks.numberType(pie.unit());
        BigDecimal whole = pie.slices().stream().map(WidgetValue.Slice::value).filter(value -> value != null).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        List<Chart.Breakdown.Bar> bars = pie.slices().stream().filter(slice -> slice.value() != null && slice.value().signum() > 0)
                .sorted(Comparator.comparing(WidgetValue.Slice::value).reversed())
                .map(slice -> new Chart.Breakdown.Bar(slice.label(), slice.value())).toList();
        List<List<Cell>> rows = pie.slices().stream().map(slice -> List.of(Cell.text(slice.label()), Cell.number(slice.value()),
                Cell.number(slice.value() == null ? null : Figures.percent(slice.value(), whole)))).toList();
        List<Block> blocks = new ArrayList<>();
        if (!bars.isEmpty()) {
            blocks.add(new Chart.Breakdown(pie.name(), type, bars));
        }
        String group = pie.slices().isEmpty() || pie.slices().getFirst().key().isEmpty() ? "Group"
                : pie.slices().getFirst().key().keySet().stream().map(ReportBlocks::heading).collect(Collectors.joining(" · "));
        blocks.add(Table.of(List.of(Column.of(group, ValueType.TEXT), Column.of(pie.name(), type),
                Column.of("Share %", ValueType.PERCENT)), rows));
        return new Section(title, blocks);
    }

    /** A column per dimension and metric; money in the currency of its row when the table is split by currency. */
    private static Table table(WidgetValue.Table table) {
        int currencyColumn = -1;
        for (int i = 0; i < table.columns().size(); i++) {
            if (table.columns().get(i).unit().isEmpty() && table.columns().get(i).name().equals("currency")) {
                currencyColumn = i;
            }
        }
        List<Column> columns = new ArrayList<>();
        for (WidgetValue.TableColumn column : table.columns()) {
            ValueType type = column.unit().map(unit -> unit == MetricUnit.MONEY ? ValueType.DECIMAL : ReportBlocks.numberType(unit)).orElse(ValueType.TEXT);
            // a dimension's name as a heading: Agent
            columns.add(Column.of(column.unit().isPresent() ? column.title() : ReportBlocks.heading(column.title()), type));
        }
        if (currencyColumn >= 0) {
            for (int i = 0; i < columns.size(); i++) {
                if (table.columns().get(i).unit().filter(unit -> unit == MetricUnit.MONEY).isPresent()) {
                    columns.set(i, Column.of(table.columns().get(i).title(), ValueType.MONEY));
                }
            }
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (List<Object> values : table.rows()) {
            List<Cell> row = new ArrayList<>();
            Optional<CurrencyCode> currency = currencyColumn >= 0 && values.get(currencyColumn) instanceof String code
                    && CurrencyCode.isValid(code) ? Optional.of(CurrencyCode.of(code)) : Optional.empty();
            for (int i = 0; i < values.size(); i++) {
                Object value = values.get(i);
                if (columns.get(i).type() == ValueType.TEXT) {
                    row.add(Cell.text(value == null ? ReportBlocks.NONE : value.toString()));
                } else if (columns.get(i).type() == ValueType.MONEY) {
                    row.add(ReportBlocks.cell((BigDecimal) value, currency, table.columns().get(i).decimals()));
                } else {
                    row.add(Cell.number((BigDecimal) value));
                }
            }
            rows.add(row);
        }
        return Table.of(columns, rows);
    }

    private static String unitText(WidgetValue.Single single) {
        return ReportBlocks.currency(single.unit(), single.key()).map(CurrencyCode::value).orElse(ReportBlocks.numberType(single.unit()).unit());
    }

    private static String detail(DomainException problem) {
        return problem instanceof InvalidValueException invalid && !invalid.field().isEmpty()
                ? invalid.field() + ": " + invalid.getMessage() : problem.getMessage();
    }
}
