package io.tally.application.service.dashboard;

import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.service.report.ReportBlocks;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.Figures;
import io.tally.domain.dashboard.Widget;
import io.tally.domain.dashboard.WidgetValue;
import io.tally.domain.metric.Metric;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Puts a query's answer in the shape of a widget's type: a card or gauge takes the first metric's total (a grouped
 * one's first group, the largest), a line or bar chart every metric's groups per bucket, a pie the first metric's
 * groups over the period, a table a row per group with every metric's total.
 */
final class WidgetShapes {

    private WidgetShapes() {
    }

    /** The answer to the widget's query, asked with buckets of {@code size}, in the shape of the widget's type. */
    static WidgetValue shape(Widget widget, AnalyticsResult result, BucketSize size) {
        return switch (widget.type()) {
            case METRIC_CARD, GAUGE -> single(widget, result.series().getFirst());
            case LINE, BAR -> ReportBlocks.chartValue(result, size);
            case PIE -> pie(result.series().getFirst());
            case TABLE -> table(result);
        };
    }

    private static WidgetValue.Single single(Widget widget, AnalyticsResult.SeriesResult series) {
        Metric metric = series.metric();
        Map<String, String> key = Map.of();
        AnalyticsResult.Total total = null;
        if (!series.dimensions().isEmpty() && !series.groups().isEmpty()) {
            AnalyticsResult.Group first = series.groups().getFirst();
            key = ReportBlocks.key(series.dimensions(), first);
            total = first.total();
        } else if (series.total().isPresent()) {
            total = series.total().get();
        }
        BigDecimal value = total == null ? null : total.value();
        Optional<BigDecimal> share = widget.target().filter(target -> value != null).map(target -> Figures.percent(value, target));
        return new WidgetValue.Single(metric.key().value(), metric.name(), metric.unit(), metric.polarity(), metric.decimals(), key, value,
                total == null ? null : total.previous(), total == null ? null : total.growthPct(), widget.target(),
                share.filter(Objects::nonNull), List.of());
    }

    private static WidgetValue.Pie pie(AnalyticsResult.SeriesResult series) {
        Metric metric = series.metric();
        List<WidgetValue.Slice> slices = new ArrayList<>();
        for (AnalyticsResult.Group group : series.groups()) {
            Map<String, String> key = ReportBlocks.key(series.dimensions(), group);
            slices.add(new WidgetValue.Slice(key, label(group), group.total().value()));
        }
        return new WidgetValue.Pie(metric.key().value(), metric.name(), metric.unit(), slices);
    }

    /**
     * A row per group of the metric split the finest (a money metric split by currency too has a row per currency of
     * each group), and every other metric's total for the group it falls in.
     */
    private static WidgetValue.Table table(AnalyticsResult result) {
        AnalyticsResult.SeriesResult first = result.series().getFirst();
        for (AnalyticsResult.SeriesResult series : result.series()) {
            if (series.dimensions().size() > first.dimensions().size()) {
                first = series;
            }
        }
        List<WidgetValue.TableColumn> columns = new ArrayList<>();
        first.dimensions().forEach(dimension -> columns.add(new WidgetValue.TableColumn(dimension, dimension, Optional.empty(), Optional.empty(),
                Optional.empty())));
        result.series().forEach(series -> columns.add(new WidgetValue.TableColumn(series.metric().key().value(), series.metric().name(),
                Optional.of(series.metric().unit()), Optional.of(series.metric().polarity()), series.metric().decimals())));
        List<List<Object>> rows = new ArrayList<>();
        for (AnalyticsResult.Group group : first.groups()) {
            List<Object> row = new ArrayList<>(group.key());
            for (AnalyticsResult.SeriesResult series : result.series()) {
                row.add(totalFor(series, first.dimensions(), group));
            }
            rows.add(row);
        }
        return new WidgetValue.Table(columns, rows);
    }

    /** Another series' total for a group of the first series (by the dimensions they share); none when it has no such group. */
    private static BigDecimal totalFor(AnalyticsResult.SeriesResult series, List<String> dimensions, AnalyticsResult.Group group) {
        if (series.dimensions().isEmpty()) {
            return series.total().map(AnalyticsResult.Total::value).orElse(null);
        }
        Map<String, String> wanted = ReportBlocks.key(dimensions, group);
        for (AnalyticsResult.Group other : series.groups()) {
            Map<String, String> key = ReportBlocks.key(series.dimensions(), other);
            if (key.entrySet().stream().allMatch(entry -> Objects.equals(wanted.get(entry.getKey()), entry.getValue()))) {
                return other.total().value();
            }
        }
        return null;
    }

    /** A group's values joined, an event without a dimension shown as {@value #NONE}: {@code EUR}, {@code ana · completed}. */
    static String label(AnalyticsResult.Group group) {
        return group.key().isEmpty() ? "total" : group.key().stream().map(value -> value == null ? ReportBlocks.NONE : value).collect(Collectors.joining(" · "));
    }
}
