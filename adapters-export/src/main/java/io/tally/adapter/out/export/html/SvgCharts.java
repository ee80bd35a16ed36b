package io.tally.adapter.out.export.html;

import io.tally.adapter.out.export.presentation.AxisScale;
import io.tally.adapter.out.export.presentation.Formats;
import io.tally.adapter.out.export.presentation.Palette;
import io.tally.adapter.out.export.presentation.Runs;
import io.tally.domain.report.Chart;
import io.tally.domain.report.ValueType;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Charts as inline SVG, drawn as the PDF draws them: a time series is bars or a line over a value axis from zero (or
 * below) to a rounded maximum with labelled gridlines and hour, day, week or month labels thinned so they do not
 * overlap (no value: no bar, a gap in the line); several series get a legend and a colour each; a breakdown is
 * horizontal bars with labels and values. Every text is escaped; the picture scales to the page's width.
 */
final class SvgCharts {

    private static final int WIDTH = 720;
    private static final int PLOT_HEIGHT = 160;
    private static final int TOP = 10;
    private static final int LABEL_SIZE = 10;
    /** An average glyph's width at {@link #LABEL_SIZE}, to thin labels and size the axis. */
    private static final double CHAR_WIDTH = 5.8;
    private static final int MAX_VALUE_LABELS = 14;
    private static final int BAR_ROW = 22;

    private final Formats formats;
    private final Palette palette;

    SvgCharts(Formats formats, Palette palette) {
        this.formats = formats;
        this.palette = palette;
    }

    void write(Chart chart, Writer out) throws IOException {
        out.write("<figure>\n<h3>");
        Html.escape(chart.title(), out);
        out.write("</h3>\n");
        switch (chart) {
            case Chart.TimeSeries series -> {
                List<BigDecimal> values = series.points().stream().map(Chart.TimeSeries.Point::value).toList();
                plot(out, chart.title(), series.type(), series.style(), series.granularity(),
                        series.points().stream().map(Chart.TimeSeries.Point::at).toList(), List.of(values), true);
            }
            case Chart.MultiSeries multi -> {
                out.write("<div class=\"legend\">");
                for (int i = 0; i < multi.series().size(); i++) {
                    out.write("<span><i style=\"background:" + palette.series(i).css() + "\"></i>");
                    Html.escape(multi.series().get(i).label(), out);
                    out.write("</span>");
                }
                out.write("</div>\n");
                plot(out, chart.title(), multi.type(), multi.style(), multi.granularity(), multi.at(),
                        multi.series().stream().map(Chart.MultiSeries.Series::values).toList(), multi.series().size() == 1);
            }
            case Chart.Breakdown breakdown -> breakdown(out, breakdown);
            case Chart.Forecast forecast -> forecast(out, forecast);
        }
        out.write("</figure>\n");
    }

    private void plot(Writer out, String title, ValueType type, Chart.TimeSeries.Style style, Chart.TimeSeries.Granularity granularity,
                      List<LocalDateTime> at, List<List<BigDecimal>> series, boolean alone) throws IOException {
        AxisScale scale = AxisScale.over(series, type == ValueType.COUNT);
        int tickWidth = 0;
        for (int i = 0; i <= scale.steps(); i++) {
            tickWidth = Math.max(tickWidth, tick(scale, i, type).length());
        }
        double left = tickWidth * CHAR_WIDTH + 8;
        double right = WIDTH - 4;
        double bottom = TOP + PLOT_HEIGHT;
        int height = TOP + PLOT_HEIGHT + 26;
        StringBuilder svg = open(title, height);
        grid(svg, scale, type, left, right, bottom);
        double zero = bottom - scale.fraction(0) * PLOT_HEIGHT;
        int count = at.size();
        double slot = count == 0 ? 0 : (right - left) / count;
        if (style == Chart.TimeSeries.Style.BAR) {
            double group = Math.min(slot * 0.7, 28.0 * series.size());
            double barWidth = group / series.size();
            boolean valueLabels = alone && count <= MAX_VALUE_LABELS;
            for (int s = 0; s < series.size(); s++) {
                String colour = palette.series(s).css();
                List<BigDecimal> values = series.get(s);
                for (int i = 0; i < count; i++) {
                    BigDecimal value = values.get(i);
                    if (value == null) {
                        continue;
                    }
                    double y = bottom - scale.fraction(value.doubleValue()) * PLOT_HEIGHT;
                    double x = left + slot * i + (slot - group) / 2 + barWidth * s;
                    svg.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(Math.min(y, zero))).append("\" width=\"")
                            .append(n(barWidth * (series.size() > 1 ? 0.9 : 1))).append("\" height=\"").append(n(Math.abs(zero - y)))
                            .append("\" fill=\"").append(colour).append("\"><title>").append(Html.escape(label(granularity, at.get(i)) + ": "
                                    + formats.number(value, type))).append("</title></rect>");
                    if (valueLabels) {
                        svg.append("<text x=\"").append(n(x + barWidth / 2)).append("\" y=\"").append(n(Math.min(y, zero) - 3))
                                .append("\" text-anchor=\"middle\">").append(Html.escape(formats.number(value, type))).append("</text>");
                    }
                }
                svg.append('\n');
            }
        } else {
            for (int s = 0; s < series.size(); s++) {
                String colour = palette.series(s).css();
                List<BigDecimal> values = series.get(s);
                for (Runs.Run run : Runs.of(values, count)) {
                    line(svg, values.subList(run.start(), run.end()), run.start(), left, slot, bottom, zero, scale, colour, alone, count <= 62);
                }
            }
        }
        xLabels(svg, granularity, at, left, slot, bottom);
        svg.append("</svg>\n");
        out.write(svg.toString());
    }

    private static StringBuilder open(String title, int height) {
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(title)).append("\" font-size=\"").append(LABEL_SIZE).append("\" fill=\"").append(Palette.MUTED.css())
                .append("\">\n");
        return svg;
    }

    /** The value axis: a labelled gridline per step, the zero line stronger. */
    private void grid(StringBuilder svg, AxisScale scale, ValueType type, double left, double right, double bottom) {
        for (int i = 0; i <= scale.steps(); i++) {
            double value = scale.low() + i * scale.step();
            double y = bottom - scale.fraction(value) * PLOT_HEIGHT;
            svg.append("<line x1=\"").append(n(left)).append("\" y1=\"").append(n(y)).append("\" x2=\"").append(n(right)).append("\" y2=\"")
                    .append(n(y)).append("\" stroke=\"").append((value == 0 ? Palette.FAINT : Palette.RULE).css()).append("\"/>");
            svg.append("<text x=\"").append(n(left - 6)).append("\" y=\"").append(n(y + 3.5)).append("\" text-anchor=\"end\">")
                    .append(Html.escape(tick(scale, i, type))).append("</text>\n");
        }
    }

    /**
     * A series and its forecast, as the PDF draws it: the actual line over a tinted area, the forecast dashed from the
     * last actual value inside its 95 % and 80 % bands, anomalies as red dots; a legend above, the method's note below.
     */
    private void forecast(Writer out, Chart.Forecast chart) throws IOException {
        String band95 = palette.brand().towards(Palette.WHITE, 0.86f).css();
        String band80 = palette.brand().towards(Palette.WHITE, 0.70f).css();
        String dashed = palette.brand().towards(Palette.TEXT, 0.35f).css();
        out.write("<div class=\"legend\"><span><i style=\"background:" + palette.brand().css() + "\"></i>Actual</span><span><i style=\"background:"
                + dashed + "\"></i>Forecast</span><span><i style=\"background:" + band80 + "\"></i>80 % interval</span><span><i style=\"background:"
                + band95 + "\"></i>95 % interval</span><span><i style=\"background:" + Palette.DOWN.css() + "\"></i>Anomaly</span></div>\n");
        List<BigDecimal> lows = chart.bands().stream().map(Chart.Forecast.Band::low95).toList();
        List<BigDecimal> highs = chart.bands().stream().map(Chart.Forecast.Band::high95).toList();
        AxisScale scale = AxisScale.over(List.of(chart.actual(), lows, highs), chart.type() == ValueType.COUNT);
        int tickWidth = 0;
        for (int i = 0; i <= scale.steps(); i++) {
            tickWidth = Math.max(tickWidth, tick(scale, i, chart.type()).length());
        }
        double left = tickWidth * CHAR_WIDTH + 8;
        double right = WIDTH - 4;
        double bottom = TOP + PLOT_HEIGHT;
        StringBuilder svg = open(chart.title(), TOP + PLOT_HEIGHT + 26);
        grid(svg, scale, chart.type(), left, right, bottom);
        int history = chart.actual().size();
        double slot = chart.at().isEmpty() ? 0 : (right - left) / chart.at().size();
        int anchor = -1;
        for (int i = history - 1; i >= 0 && anchor < 0; i--) {
            anchor = chart.actual().get(i) != null ? i : -1;
        }
        if (!chart.bands().isEmpty()) {
            for (boolean wide : new boolean[] {true, false}) {
                List<String> upper = new ArrayList<>();
                List<String> lower = new ArrayList<>();
                if (anchor >= 0) {
                    String start = n(left + slot * (anchor + 0.5)) + "," + n(bottom - scale.fraction(chart.actual().get(anchor).doubleValue()) * PLOT_HEIGHT);
                    upper.add(start);
                    lower.add(start);
                }
                for (int i = 0; i < chart.bands().size(); i++) {
                    Chart.Forecast.Band band = chart.bands().get(i);
                    String x = n(left + slot * (history + i + 0.5));
                    upper.add(x + "," + n(bottom - scale.fraction((wide ? band.high95() : band.high80()).doubleValue()) * PLOT_HEIGHT));
                    lower.add(x + "," + n(bottom - scale.fraction((wide ? band.low95() : band.low80()).doubleValue()) * PLOT_HEIGHT));
                }
                java.util.Collections.reverse(lower);
                upper.addAll(lower);
                svg.append("<polygon points=\"").append(String.join(" ", upper)).append("\" fill=\"").append(wide ? band95 : band80).append("\"/>");
            }
            List<String> mean = new ArrayList<>();
            if (anchor >= 0) {
                mean.add(n(left + slot * (anchor + 0.5)) + "," + n(bottom - scale.fraction(chart.actual().get(anchor).doubleValue()) * PLOT_HEIGHT));
            }
            for (int i = 0; i < chart.bands().size(); i++) {
                mean.add(n(left + slot * (history + i + 0.5)) + "," + n(bottom - scale.fraction(chart.bands().get(i).value().doubleValue()) * PLOT_HEIGHT));
            }
            svg.append("<polyline points=\"").append(String.join(" ", mean)).append("\" fill=\"none\" stroke=\"").append(dashed)
                    .append("\" stroke-width=\"1.8\" stroke-dasharray=\"4 4\"/>\n");
        }
        double zero = bottom - scale.fraction(0) * PLOT_HEIGHT;
        for (Runs.Run run : Runs.of(chart.actual(), history)) {
            line(svg, chart.actual().subList(run.start(), run.end()), run.start(), left, slot, bottom, zero, scale, palette.brand().css(), true, chart.at().size() <= 62);
        }
        for (int index : chart.anomalies()) {
            BigDecimal value = chart.actual().get(index);
            if (value != null) {
                svg.append("<circle cx=\"").append(n(left + slot * (index + 0.5))).append("\" cy=\"")
                        .append(n(bottom - scale.fraction(value.doubleValue()) * PLOT_HEIGHT)).append("\" r=\"3.6\" fill=\"").append(Palette.DOWN.css())
                        .append("\" stroke=\"#fff\" stroke-width=\"1.5\"><title>").append(Html.escape("Anomaly: " + label(chart.granularity(),
                                chart.at().get(index)) + ", " + formats.number(value, chart.type()))).append("</title></circle>");
            }
        }
        xLabels(svg, chart.granularity(), chart.at(), left, slot, bottom);
        svg.append("</svg>\n");
        out.write(svg.toString());
        out.write("<p class=\"note\">");
        Html.escape(chart.note(), out);
        out.write("</p>\n");
    }

    /** A line through a run of values, over a tinted area when it is the chart's only series; dots on few points. */
    private void line(StringBuilder svg, List<BigDecimal> run, int first, double left, double slot, double bottom, double zero, AxisScale scale,
                      String colour, boolean area, boolean dots) {
        List<String> points = new ArrayList<>();
        for (int i = 0; i < run.size(); i++) {
            points.add(n(left + slot * (first + i + 0.5)) + "," + n(bottom - scale.fraction(run.get(i).doubleValue()) * PLOT_HEIGHT));
        }
        if (run.size() > 1) {
            if (area) {
                String firstX = points.getFirst().substring(0, points.getFirst().indexOf(','));
                String lastX = points.getLast().substring(0, points.getLast().indexOf(','));
                svg.append("<polygon points=\"").append(String.join(" ", points)).append(' ').append(lastX).append(',').append(n(zero))
                        .append(' ').append(firstX).append(',').append(n(zero)).append("\" fill=\"")
                        .append(palette.brandTint().towards(palette.brand(), 0.12f).css()).append("\"/>");
            }
            svg.append("<polyline points=\"").append(String.join(" ", points)).append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"2\" stroke-linejoin=\"round\"/>");
        }
        if (dots || run.size() == 1) {
            for (String point : points) {
                int comma = point.indexOf(',');
                svg.append("<circle cx=\"").append(point, 0, comma).append("\" cy=\"").append(point, comma + 1, point.length())
                        .append("\" r=\"2.4\" fill=\"").append(colour).append("\"/>");
            }
        }
        svg.append('\n');
    }

    /** Every n-th slot's label, so that none overlaps the next. */
    private void xLabels(StringBuilder svg, Chart.TimeSeries.Granularity granularity, List<LocalDateTime> at, double left, double slot,
                         double bottom) {
        if (at.isEmpty()) {
            return;
        }
        boolean withYear = at.getFirst().getYear() != at.getLast().getYear();
        String[] labels = new String[at.size()];
        int widest = 0;
        for (int i = 0; i < labels.length; i++) {
            labels[i] = granularity == Chart.TimeSeries.Granularity.MONTH ? formats.monthLabel(at.get(i).toLocalDate(), withYear)
                    : label(granularity, at.get(i));
            widest = Math.max(widest, labels[i].length());
        }
        int every = Math.max(1, (int) Math.ceil((widest * CHAR_WIDTH + 8) / slot));
        for (int i = 0; i < labels.length; i += every) {
            double centre = left + slot * (i + 0.5);
            double half = labels[i].length() * CHAR_WIDTH / 2;
            double x = Math.max(half, Math.min(WIDTH - half, centre));
            svg.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(bottom + 16)).append("\" text-anchor=\"middle\">")
                    .append(Html.escape(labels[i])).append("</text>");
        }
        svg.append('\n');
    }

    private String label(Chart.TimeSeries.Granularity granularity, LocalDateTime at) {
        return switch (granularity) {
            case HOUR -> formats.hourLabel(at);
            case DAY, WEEK -> formats.shortDay(at.toLocalDate());
            case MONTH -> formats.monthLabel(at.toLocalDate(), true);
        };
    }

    private String tick(AxisScale scale, int step, ValueType type) {
        return formats.axis(scale.low() + step * scale.step(), scale.decimals(), type);
    }

    /** Horizontal bars: the label, a track with the bar (longest for the largest value), the value. */
    private void breakdown(Writer out, Chart.Breakdown breakdown) throws IOException {
        List<Chart.Breakdown.Bar> bars = breakdown.bars();
        String[] values = new String[bars.size()];
        int labelChars = 0;
        int valueChars = 0;
        double max = 0;
        for (int i = 0; i < bars.size(); i++) {
            values[i] = formats.number(bars.get(i).value(), breakdown.type());
            labelChars = Math.max(labelChars, bars.get(i).label().length());
            valueChars = Math.max(valueChars, values[i].length());
            max = Math.max(max, bars.get(i).value().doubleValue());
        }
        int maxLabelChars = (int) (WIDTH * 0.3 / 6.6);
        double labelWidth = Math.min(labelChars, maxLabelChars) * 6.6 + 10;
        double barLeft = labelWidth;
        double barRight = WIDTH - valueChars * 6.6 - 12;
        int height = bars.size() * BAR_ROW + 4;
        StringBuilder svg = new StringBuilder(2048);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(breakdown.title())).append("\" font-size=\"12\" fill=\"").append(Palette.TEXT.css()).append("\">\n");
        for (int i = 0; i < bars.size(); i++) {
            double middle = i * BAR_ROW + BAR_ROW / 2.0;
            String label = bars.get(i).label();
            if (label.length() > maxLabelChars) {
                label = label.substring(0, Math.max(1, maxLabelChars - 1)) + "…";
            }
            double value = bars.get(i).value().doubleValue();
            double length = max > 0 && value > 0 ? value / max * (barRight - barLeft) : 0;
            svg.append("<text x=\"0\" y=\"").append(n(middle + 4)).append("\">").append(Html.escape(label)).append("<title>")
                    .append(Html.escape(bars.get(i).label())).append("</title></text>");
            svg.append("<rect x=\"").append(n(barLeft)).append("\" y=\"").append(n(middle - 5)).append("\" width=\"").append(n(barRight - barLeft))
                    .append("\" height=\"10\" rx=\"2\" fill=\"").append(Palette.TRACK.css()).append("\"/>");
            if (length > 0.5) {
                svg.append("<rect x=\"").append(n(barLeft)).append("\" y=\"").append(n(middle - 5)).append("\" width=\"").append(n(length))
                        .append("\" height=\"10\" rx=\"2\" fill=\"").append(palette.brand().css()).append("\"/>");
            }
            svg.append("<text x=\"").append(WIDTH).append("\" y=\"").append(n(middle + 4)).append("\" text-anchor=\"end\">")
                    .append(Html.escape(values[i])).append("</text>\n");
        }
        svg.append("</svg>\n");
        out.write(svg.toString());
    }

    /** A coordinate with one decimal. */
    private static String n(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
