package io.tally.application.service.report;

import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.Figures;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.report.Cell;
import io.tally.domain.report.Chart;
import io.tally.domain.report.Column;
import io.tally.domain.report.Table;
import io.tally.domain.report.ValueType;
import io.tally.domain.template.TemplateBlock;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A template's tables and breakdowns from a query's answer, laid out as the block says ({@link TemplateBlock.Rows}):
 * a row per group, per bucket (and group), or per metric.
 *
 * <p>The groups of a table are those of its finest split metric (a money metric is split by currency too), and every
 * other metric's value is that of the group it falls in; a group of a coarser metric that no finer group falls in
 * still gets its row, with the finer values empty. When the question is grouped, the currency of money is shown with
 * the amounts, and ordered by value, money rows come currency by currency; when not grouped, the currency is the table's
 * first column. A row without any value is left out.
 */
final class TemplateTables {

    private static final String CURRENCY = "currency";

    private TemplateTables() {
    }

    /**
     * The answer as a table, as {@code block} lays it out; {@code grouped} tells whether the question named a group_by,
     * {@code size} how long its buckets are, {@code rows} how many groups it shows at most.
     */
    static Table table(TemplateBlock.Table block, AnalyticsResult result, boolean grouped, Optional<String> orderBy, BucketSize size,
                       int rows) {
        return switch (block.rows()) {
            case METRICS -> metrics(block, result);
            case GROUPS -> groups(block, result, Layout.of(block, result, grouped, orderBy, rows));
            case BUCKETS -> buckets(block, result, Layout.of(block, result, grouped, orderBy, rows), size);
        };
    }

    /** A row per metric (one per currency of money): figure, unit, the value and, compared, the previous value and the growth. */
    private static Table metrics(TemplateBlock.Table block, AnalyticsResult result) {
        Map<String, String> headings = block.headings();
        List<Column> columns = new ArrayList<>(List.of(Column.of(headings.getOrDefault("figure", "Figure"), ValueType.TEXT),
                Column.of(headings.getOrDefault("unit", "Unit"), ValueType.TEXT),
                Column.of(headings.getOrDefault("value", result.compared() ? "This period" : "Value"), ValueType.DECIMAL)));
        if (result.compared()) {
            columns.add(Column.of(headings.getOrDefault("previous", "Previous period"), ValueType.DECIMAL));
            columns.add(Column.of(headings.getOrDefault("growth", "Growth %"), ValueType.PERCENT));
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (AnalyticsResult.SeriesResult series : result.series()) {
            Metric metric = series.metric();
            if (series.total().isPresent()) {
                rows.add(metricRow(metric.name(), ValueType.of(metric.unit()).unit(), series.total().get(), result.compared()));
            } else if (metric.unit() == MetricUnit.MONEY) {
                List<AnalyticsResult.Group> byCurrency = new ArrayList<>(series.groups());
                byCurrency.sort(Comparator.comparing(group -> String.valueOf(ReportBlocks.key(series.dimensions(), group).get(CURRENCY))));
                for (AnalyticsResult.Group group : byCurrency) {
                    String currency = String.valueOf(ReportBlocks.key(series.dimensions(), group).get(CURRENCY));
                    rows.add(metricRow(metric.name() + " (" + currency + ")", currency, group.total(), result.compared()));
                }
            }
        }
        return Table.of(columns, rows);
    }

    private static List<Cell> metricRow(String name, String unit, AnalyticsResult.Total total, boolean compared) {
        List<Cell> row = new ArrayList<>(List.of(Cell.text(name), Cell.text(unit), Cell.number(total.value())));
        if (compared) {
            row.add(Cell.number(total.previous()));
            row.add(Cell.number(total.growthPct()));
        }
        return row;
    }

    /** A row of the table: the group's values of the table's dimensions, and its key in each series. */
    private record Row(Map<String, String> key) {
    }

    /** A row per group: its dimensions, then each metric's total (and, compared, previous and growth), then the share. */
    private static Table groups(TemplateBlock.Table block, AnalyticsResult result, Layout layout) {
        List<Column> columns = new ArrayList<>(layout.dimensionColumns());
        for (AnalyticsResult.SeriesResult series : result.series()) {
            String heading = layout.heading(series);
            ValueType type = valueType(series.metric());
            if (result.compared() && result.series().size() == 1) {
                columns.add(Column.of(block.headings().getOrDefault(series.metric().key().value(), "This period"), type));
                columns.add(Column.of(block.headings().getOrDefault("previous", "Previous period"), type));
                columns.add(Column.of(block.headings().getOrDefault("growth", "Growth %"), ValueType.PERCENT));
            } else if (result.compared()) {
                columns.add(Column.of(heading, type));
                columns.add(Column.of(heading + " (previous)", type));
                columns.add(Column.of(heading + " growth %", ValueType.PERCENT));
            } else {
                columns.add(Column.of(heading, type));
            }
        }
        Optional<AnalyticsResult.SeriesResult> share = block.shareOf().flatMap(key -> result.series().stream()
                .filter(series -> series.metric().key().equals(key)).findFirst());
        share.ifPresent(series -> columns.add(Column.of(block.headings().getOrDefault("share", "Share %"), ValueType.PERCENT)));
        List<List<Cell>> rows = new ArrayList<>();
        for (Row row : layout.rows()) {
            List<Cell> cells = new ArrayList<>(layout.dimensionCells(row));
            boolean any = false;
            for (AnalyticsResult.SeriesResult series : result.series()) {
                Optional<AnalyticsResult.Group> group = layout.groupOf(series, row);
                Optional<CurrencyCode> currency = currencyOf(series, group, row);
                AnalyticsResult.Total total = group.map(AnalyticsResult.Group::total).orElseGet(() -> missing(series, currency));
                BigDecimal value = total == null ? null : total.value();
                any |= value != null;
                cells.add(ReportBlocks.cell(value, currency, series.metric().decimals()));
                if (result.compared()) {
                    cells.add(ReportBlocks.cell(total == null ? null : total.previous(), currency, series.metric().decimals()));
                    cells.add(Cell.number(total == null ? null : total.growthPct()));
                }
            }
            share.ifPresent(series -> cells.add(Cell.number(share(series, layout.groupOf(series, row)))));
            if (any) {
                rows.add(cells);
            }
        }
        return Table.of(columns, rows);
    }

    /** A row per bucket and group: the bucket, the group's dimensions, each metric's value in the bucket. */
    private static Table buckets(TemplateBlock.Table block, AnalyticsResult result, Layout layout, BucketSize size) {
        Column bucketColumn = ReportBlocks.bucketColumn(size);
        List<Column> columns = new ArrayList<>();
        columns.add(Column.of(block.headings().getOrDefault("@bucket", bucketColumn.name()), bucketColumn.type()));
        columns.addAll(layout.dimensionColumns());
        result.series().forEach(series -> columns.add(Column.of(layout.heading(series), valueType(series.metric()))));
        List<List<Cell>> rows = new ArrayList<>();
        for (int b = 0; b < result.buckets().size(); b++) {
            Bucket bucket = result.buckets().get(b);
            for (Row row : layout.rows()) {
                List<Cell> cells = new ArrayList<>();
                cells.add(ReportBlocks.bucketCell(bucket, size, result.period()));
                cells.addAll(layout.dimensionCells(row));
                boolean any = false;
                for (AnalyticsResult.SeriesResult series : result.series()) {
                    Optional<AnalyticsResult.Group> group = layout.groupOf(series, row);
                    int index = b;
                    Optional<CurrencyCode> currency = currencyOf(series, group, row);
                    BigDecimal value = group.map(found -> found.values().get(index)).orElseGet(() -> Optional.ofNullable(missing(series, currency))
                            .map(AnalyticsResult.Total::value).orElse(null));
                    any |= value != null;
                    cells.add(ReportBlocks.cell(value, currency, series.metric().decimals()));
                }
                if (any) {
                    rows.add(cells);
                }
            }
        }
        return Table.of(columns, rows);
    }

    /**
     * The first metric's groups (the leader's, with an order_by) over the period as bars, largest first (ties by their
     * values), those without a value or of 0 left out; money a breakdown per currency. None when nothing has a value.
     */
    static List<Chart.Breakdown> breakdowns(String title, AnalyticsResult result, Optional<String> orderBy) {
        AnalyticsResult.SeriesResult series = leader(result, orderBy);
        Map<String, List<Chart.Breakdown.Bar>> byCurrency = new LinkedHashMap<>();
        List<AnalyticsResult.Group> groups = new ArrayList<>(series.groups());
        groups.sort(Comparator.comparing((AnalyticsResult.Group group) -> group.total().value(),
                Comparator.nullsLast(Comparator.<BigDecimal>reverseOrder())).thenComparing(group -> label(series, group)));
        for (AnalyticsResult.Group group : groups) {
            BigDecimal value = group.total().value();
            if (value == null || value.signum() == 0) {
                continue;
            }
            String currency = currencyOf(series, Optional.of(group)).map(code -> " (" + code.value() + ")").orElse("");
            byCurrency.computeIfAbsent(currency, ignored -> new ArrayList<>()).add(new Chart.Breakdown.Bar(label(series, group), value));
        }
        ValueType type = ReportBlocks.numberType(series.metric().unit());
        List<Chart.Breakdown> charts = new ArrayList<>();
        byCurrency.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> charts.add(new Chart.Breakdown(title + entry.getKey(), type, entry.getValue())));
        return charts;
    }

    /** A group's values but its currency, joined: {@code tiktok}, {@code a3 · Saturday dance}; an event without the dimension "(none)". */
    private static String label(AnalyticsResult.SeriesResult series, AnalyticsResult.Group group) {
        Map<String, String> key = new LinkedHashMap<>(ReportBlocks.key(series.dimensions(), group));
        if (series.metric().unit() == MetricUnit.MONEY) {
            key.remove(CURRENCY);
        }
        return key.isEmpty() ? series.metric().name()
                : key.values().stream().map(value -> value == null ? ReportBlocks.NONE : value).collect(Collectors.joining(" · "));
    }

    /** The series the table's or chart's groups follow: the question's order_by, else its first metric. */
    static AnalyticsResult.SeriesResult leader(AnalyticsResult result, Optional<String> orderBy) {
        return orderBy.flatMap(key -> result.series().stream().filter(series -> series.metric().key().value().equals(key)).findFirst())
                .orElse(result.series().getFirst());
    }

    /**
     * The total of a row a series has no group for: an ungrouped series' own total (it stands for every row); a grouped
     * one's value without data (0 for counts and sums; none for averages and ratios, nor for money in a row that does
     * not say its currency).
     */
    private static AnalyticsResult.Total missing(AnalyticsResult.SeriesResult series, Optional<CurrencyCode> currency) {
        if (series.dimensions().isEmpty()) {
            return series.total().orElse(null);
        }
        if (series.empty() == null || (series.metric().unit() == MetricUnit.MONEY && currency.isEmpty())) {
            return null;
        }
        return new AnalyticsResult.Total(series.empty(), series.empty(), Figures.growthPercent(series.empty(), series.empty()));
    }

    /** A group's share of its series' total in percent (money: of its currency's total). */
    private static BigDecimal share(AnalyticsResult.SeriesResult series, Optional<AnalyticsResult.Group> group) {
        if (group.isEmpty() || group.get().total().value() == null) {
            return null;
        }
        BigDecimal whole;
        if (series.total().isPresent()) {
            whole = series.total().get().value();
        } else {
            Optional<CurrencyCode> currency = currencyOf(series, group);
            whole = series.groups().stream().filter(other -> currencyOf(series, Optional.of(other)).equals(currency))
                    .map(other -> other.total().value()).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
        return whole == null ? null : Figures.percent(group.get().total().value(), whole);
    }

    /** The currency of a money series' value in a row: its group's, else the row's (a group of another series split by currency). */
    private static Optional<CurrencyCode> currencyOf(AnalyticsResult.SeriesResult series, Optional<AnalyticsResult.Group> group, Row row) {
        return currencyOf(series, group).or(() -> ReportBlocks.currency(series.metric().unit(), row.key()));
    }

    private static Optional<CurrencyCode> currencyOf(AnalyticsResult.SeriesResult series, Optional<AnalyticsResult.Group> group) {
        return group.flatMap(found -> ReportBlocks.currency(series.metric().unit(), ReportBlocks.key(series.dimensions(), found)));
    }

    private static ValueType valueType(Metric metric) {
        return metric.unit() == MetricUnit.MONEY ? ValueType.MONEY : ValueType.of(metric.unit());
    }

    /** Which dimensions a table shows, which groups are its rows, in which order. */
    private record Layout(TemplateBlock.Table block, AnalyticsResult result, List<String> dimensions, List<String> shown, List<Row> rows) {

        static Layout of(TemplateBlock.Table block, AnalyticsResult result, boolean grouped, Optional<String> orderBy, int limit) {
            AnalyticsResult.SeriesResult finest = result.series().getFirst();
            for (AnalyticsResult.SeriesResult series : result.series()) {
                if (series.dimensions().size() > finest.dimensions().size()) {
                    finest = series;
                }
            }
            List<String> dimensions = finest.dimensions();
            boolean money = result.series().stream().anyMatch(series -> series.metric().unit() == MetricUnit.MONEY);
            List<String> shown = dimensions.stream()
                    .filter(dimension -> !(dimension.equals(CURRENCY) && money && grouped && dimensions.size() > 1)).toList();
            // every group of every series, keyed by the finest dimensions, the finest series first (a coarser group no finer
            // one falls in gets a row too)
            Map<Map<String, String>, Row> rows = new LinkedHashMap<>();
            AnalyticsResult.SeriesResult first = leader(result, orderBy);
            List<AnalyticsResult.SeriesResult> finestFirst = new ArrayList<>(result.series());
            finestFirst.sort(Comparator.comparingInt((AnalyticsResult.SeriesResult series) -> series.dimensions().size()).reversed());
            for (AnalyticsResult.SeriesResult series : finestFirst) {
                for (AnalyticsResult.Group group : series.groups()) {
                    Map<String, String> key = ReportBlocks.key(series.dimensions(), group);
                    boolean covered = rows.keySet().stream().anyMatch(existing -> falls(existing, key));
                    if (!covered && !series.dimensions().isEmpty()) {
                        Map<String, String> full = new LinkedHashMap<>();
                        dimensions.forEach(dimension -> full.put(dimension, key.get(dimension)));
                        rows.putIfAbsent(full, new Row(Collections.unmodifiableMap(full)));
                    }
                }
            }
            if (dimensions.isEmpty()) {
                rows.putIfAbsent(Map.of(), new Row(Map.of()));
            }
            List<Row> list = new ArrayList<>(rows.values());
            if (block.order() == TemplateBlock.Order.LABEL) {
                list.sort((a, b) -> compareKeys(a.key(), b.key(), dimensions));
            } else {
                // the leader's order: its groups come in it, the rest after, each in the order first met; amounts of
                // different currencies are not compared, so money rows come currency by currency
                List<Map<String, String>> leaderKeys = first.groups().stream().map(group -> ReportBlocks.key(first.dimensions(), group)).toList();
                Comparator<Row> byLeader = Comparator.comparingInt(row -> {
                    for (int i = 0; i < leaderKeys.size(); i++) {
                        if (falls(row.key(), leaderKeys.get(i))) {
                            return i;
                        }
                    }
                    return leaderKeys.size();
                });
                boolean perCurrency = first.metric().unit() == MetricUnit.MONEY && dimensions.contains(CURRENCY);
                list.sort(perCurrency ? Comparator.comparing((Row row) -> row.key().get(CURRENCY), Comparator.nullsLast(Comparator.<String>naturalOrder()))
                        .thenComparing(byLeader) : byLeader);
            }
            return new Layout(block, result, dimensions, shown, List.copyOf(list.subList(0, Math.min(list.size(), limit))));
        }

        /** Whether a row (keyed by the finest dimensions) falls in a group (keyed by some of them). */
        private static boolean falls(Map<String, String> row, Map<String, String> group) {
            for (Map.Entry<String, String> entry : group.entrySet()) {
                if (!row.containsKey(entry.getKey()) || !Objects.equals(row.get(entry.getKey()), entry.getValue())) {
                    return false;
                }
            }
            return true;
        }

        private static int compareKeys(Map<String, String> a, Map<String, String> b, List<String> dimensions) {
            Comparator<String> values = Comparator.nullsLast(Comparator.naturalOrder());
            for (String dimension : dimensions) {
                int order = values.compare(a.get(dimension), b.get(dimension));
                if (order != 0) {
                    return order;
                }
            }
            return 0;
        }

        List<Column> dimensionColumns() {
            return shown.stream().map(dimension -> Column.of(block.headings().getOrDefault(dimension, ReportBlocks.heading(dimension)),
                    ValueType.TEXT)).toList();
        }

        List<Cell> dimensionCells(Row row) {
            String none = block.noneLabel().orElse(ReportBlocks.NONE);
            return shown.stream().map(dimension -> Cell.text(Optional.ofNullable(row.key().get(dimension)).orElse(none))).toList();
        }

        String heading(AnalyticsResult.SeriesResult series) {
            Metric metric = series.metric();
            return block.headings().getOrDefault(metric.key().value(), metric.unit() == MetricUnit.PERCENT ? metric.name() + " %" : metric.name());
        }

        /** The group of a series a row falls in; none for an ungrouped series (its total stands for every row). */
        Optional<AnalyticsResult.Group> groupOf(AnalyticsResult.SeriesResult series, Row row) {
            if (series.dimensions().isEmpty()) {
                return series.groups().isEmpty() ? Optional.empty() : Optional.of(series.groups().getFirst());
            }
            for (AnalyticsResult.Group group : series.groups()) {
                if (falls(row.key(), ReportBlocks.key(series.dimensions(), group))) {
                    return Optional.of(group);
                }
            }
            return Optional.empty();
        }
    }
}
