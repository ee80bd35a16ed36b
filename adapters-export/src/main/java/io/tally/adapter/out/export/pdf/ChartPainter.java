package io.tally.adapter.out.export.pdf;

import io.tally.adapter.out.export.presentation.Palette;
import io.tally.adapter.out.export.presentation.Runs;
import io.tally.adapter.out.export.presentation.Rgb;

import io.tally.adapter.out.export.presentation.Formats;
import io.tally.adapter.out.export.presentation.AxisScale;

import io.tally.domain.report.Chart;
import io.tally.domain.report.ValueType;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws charts as vector graphics. A time series is a bar or line chart over a value axis from zero to a
 * rounded maximum with labelled gridlines, and hour, day, week or month labels thinned so they never overlap (a
 * point without a value is a slot without a bar, or a gap in the line); a breakdown is a list of horizontal bars
 * with their labels and values. Bars and lines use the brand colour.
 */
final class ChartPainter {

    static final float TITLE_HEIGHT = 18;
    static final float TIME_SERIES_HEIGHT = TITLE_HEIGHT + 150 + 22;
    static final float BAR_ROW = 17;
    static final float LEGEND_ROW = 13;
    private static final float LEGEND_SWATCH = 7;
    private static final float LABEL_SIZE = 7;
    private static final float TITLE_SIZE = 9.5f;
    private static final float AXIS_GAP = 6;
    private static final float PLOT_HEIGHT = 140;
    private static final int MAX_VALUE_LABELS = 14;
    /** Breakdowns of up to this many bars are kept on one page. */
    private static final int KEEP_TOGETHER_BARS = 12;

    private final Canvas canvas;
    private final Formats formats;
    private final Typesetter type;

    ChartPainter(Canvas canvas, Formats formats) {
        this.canvas = canvas;
        this.formats = formats;
        this.type = canvas.type();
    }

    /** The height the chart needs on a page before it starts: all of it, or the first bars of a long breakdown. */
    static float startHeight(Chart chart) {
        return switch (chart) {
            case Chart.TimeSeries series -> TIME_SERIES_HEIGHT;
            case Chart.Forecast forecast -> TIME_SERIES_HEIGHT + 3 * LEGEND_ROW;
            case Chart.MultiSeries multi -> TIME_SERIES_HEIGHT + LEGEND_ROW * legendRows(multi);
            case Chart.Breakdown breakdown -> TITLE_HEIGHT + BAR_ROW
                    * (breakdown.bars().size() <= KEEP_TOGETHER_BARS ? breakdown.bars().size() : Math.min(4, breakdown.bars().size()));
        };
    }

    void paint(Chart chart) throws IOException {
        switch (chart) {
            case Chart.TimeSeries series -> {
                canvas.ensureRoom(TIME_SERIES_HEIGHT);
                title(series.title());
                List<BigDecimal> values = series.points().stream().map(Chart.TimeSeries.Point::value).toList();
                plot(series.type(), series.style(), series.granularity(), series.points().stream().map(Chart.TimeSeries.Point::at).toList(),
                        List.of(values), List.of(canvas.palette().brand()), true);
            }
            case Chart.MultiSeries multi -> {
                canvas.ensureRoom(startHeight(multi));
                title(multi.title());
                List<Rgb> colours = new ArrayList<>();
                for (int i = 0; i < multi.series().size(); i++) {
                    colours.add(canvas.palette().series(i));
                }
                legend(multi, colours);
                plot(multi.type(), multi.style(), multi.granularity(), multi.at(),
                        multi.series().stream().map(Chart.MultiSeries.Series::values).toList(), colours, multi.series().size() == 1);
            }
            case Chart.Breakdown breakdown -> breakdown(breakdown);
            case Chart.Forecast forecast -> forecast(forecast);
        }
    }

    /**
     * A series and its forecast: the actual values as a line over a tinted area, then the forecast as a dashed line
     * from the last actual value, inside its 95 % band (light) and 80 % band (darker), anomalies as red dots ringed in
     * white; a legend above and the method's note below the plot.
     */
    private void forecast(Chart.Forecast chart) throws IOException {
        canvas.ensureRoom(startHeight(chart));
        title(chart.title());
        Palette palette = canvas.palette();
        Rgb actualColour = palette.brand();
        Rgb forecastColour = palette.brand().towards(Palette.TEXT, 0.35f);
        Rgb band95 = palette.brand().towards(Palette.WHITE, 0.86f);
        Rgb band80 = palette.brand().towards(Palette.WHITE, 0.70f);
        forecastLegend(actualColour, forecastColour, band80, band95);
        List<BigDecimal> lows = new ArrayList<>();
        List<BigDecimal> highs = new ArrayList<>();
        chart.bands().forEach(band -> {
            lows.add(band.low95());
            highs.add(band.high95());
        });
        AxisScale scale = AxisScale.over(List.of(chart.actual(), lows, highs), chart.type() == ValueType.COUNT);
        Frame frame = axes(scale, chart.type());
        float bottom = frame.bottom();
        float top = bottom + PLOT_HEIGHT;
        float left = frame.left();
        float right = canvas.right();
        int count = chart.at().size();
        int history = chart.actual().size();
        float slot = count == 0 ? 0 : (right - left) / count;
        // the bands, from the last actual value (where the forecast starts) to the last forecast bucket
        if (!chart.bands().isEmpty()) {
            int anchor = lastKnown(chart.actual());
            band(chart, anchor, left, slot, bottom, scale, true, band95);
            band(chart, anchor, left, slot, bottom, scale, false, band80);
            // the boundary between actual and forecast
            float boundary = left + slot * history;
            canvas.line(boundary, bottom, boundary, top, 0.5f, Palette.FAINT);
            float[] dashed = new float[(chart.bands().size() + (anchor >= 0 ? 1 : 0)) * 2];
            int k = 0;
            if (anchor >= 0) {
                dashed[k++] = left + slot * (anchor + 0.5f);
                dashed[k++] = y(chart.actual().get(anchor).doubleValue(), bottom, scale);
            }
            for (int i = 0; i < chart.bands().size(); i++) {
                dashed[k++] = left + slot * (history + i + 0.5f);
                dashed[k++] = y(chart.bands().get(i).value().doubleValue(), bottom, scale);
            }
            if (dashed.length >= 4) {
                canvas.dashedPolyline(dashed, 1.4f, 3f, forecastColour);
            } else {
                canvas.fillCircle(dashed[0], dashed[1], 1.8f, forecastColour);
            }
        }
        float zero = bottom + (float) scale.fraction(0) * PLOT_HEIGHT;
        for (Runs.Run run : Runs.of(chart.actual(), history)) {
            line(chart.actual().subList(run.start(), run.end()), run.start(), left, slot, bottom, zero, scale, actualColour, true, count <= 62);
        }
        for (int index : chart.anomalies()) {
            BigDecimal value = chart.actual().get(index);
            if (value != null) {
                float x = left + slot * (index + 0.5f);
                float y = y(value.doubleValue(), bottom, scale);
                canvas.fillCircle(x, y, 3.6f, Palette.WHITE);
                canvas.fillCircle(x, y, 2.6f, Palette.DOWN);
            }
        }
        xLabels(chart.granularity(), chart.at(), left, slot, bottom);
        canvas.moveTo(bottom - 22);
        for (String line : type.wrap(type.clean(chart.note(), Style.REGULAR), Style.REGULAR, LABEL_SIZE + 0.5f, canvas.width())) {
            canvas.ensureRoom(LEGEND_ROW);
            canvas.drawClean(line, Style.REGULAR, LABEL_SIZE + 0.5f, Palette.MUTED, canvas.left(), canvas.y() - LABEL_SIZE, Canvas.Align.LEFT);
            canvas.down(LEGEND_ROW - 2);
        }
        canvas.down(8);
    }

    private static int lastKnown(List<BigDecimal> values) {
        for (int i = values.size() - 1; i >= 0; i--) {
            if (values.get(i) != null) {
                return i;
            }
        }
        return -1;
    }

    private static float y(double value, float bottom, AxisScale scale) {
        return bottom + (float) scale.fraction(value) * PLOT_HEIGHT;
    }

    /** One interval band as a polygon: its upper bounds left to right, then its lower bounds back, from the last actual value. */
    private void band(Chart.Forecast chart, int anchor, float left, float slot, float bottom, AxisScale scale, boolean wide, Rgb colour)
            throws IOException {
        int history = chart.actual().size();
        int n = chart.bands().size() + (anchor >= 0 ? 1 : 0);
        float[] shape = new float[n * 4];
        int k = 0;
        if (anchor >= 0) {
            shape[k++] = left + slot * (anchor + 0.5f);
            shape[k++] = y(chart.actual().get(anchor).doubleValue(), bottom, scale);
        }
        for (int i = 0; i < chart.bands().size(); i++) {
            Chart.Forecast.Band band = chart.bands().get(i);
            shape[k++] = left + slot * (history + i + 0.5f);
            shape[k++] = y((wide ? band.high95() : band.high80()).doubleValue(), bottom, scale);
        }
        for (int i = chart.bands().size() - 1; i >= 0; i--) {
            Chart.Forecast.Band band = chart.bands().get(i);
            shape[k++] = left + slot * (history + i + 0.5f);
            shape[k++] = y((wide ? band.low95() : band.low80()).doubleValue(), bottom, scale);
        }
        if (anchor >= 0) {
            shape[k++] = left + slot * (anchor + 0.5f);
            shape[k++] = y(chart.actual().get(anchor).doubleValue(), bottom, scale);
        }
        if (n >= 2) {
            canvas.fillPolygon(shape, colour);
        }
    }

    /** The forecast chart's legend: actual, forecast, the two intervals, anomaly. */
    private void forecastLegend(Rgb actual, Rgb forecast, Rgb band80, Rgb band95) throws IOException {
        String[] labels = {"Actual", "Forecast", "80 % interval", "95 % interval", "Anomaly"};
        Rgb[] colours = {actual, forecast, band80, band95, Palette.DOWN};
        float x = canvas.left();
        float baseline = canvas.y() - LABEL_SIZE - 1;
        for (int i = 0; i < labels.length; i++) {
            if (i == 4) {
                canvas.fillCircle(x + LEGEND_SWATCH / 2, baseline + LEGEND_SWATCH / 2 - 0.5f, 2.6f, colours[i]);
            } else if (i == 1) {
                canvas.dashedPolyline(new float[] {x, baseline + 3, x + LEGEND_SWATCH + 4, baseline + 3}, 1.4f, 2f, colours[i]);
            } else {
                canvas.fillRect(x, baseline - 0.5f, LEGEND_SWATCH, LEGEND_SWATCH, colours[i]);
            }
            float offset = (i == 1 ? LEGEND_SWATCH + 8 : LEGEND_SWATCH + 4);
            canvas.drawClean(labels[i], Style.REGULAR, LABEL_SIZE + 0.5f, Palette.TEXT, x + offset, baseline, Canvas.Align.LEFT);
            x += offset + type.width(labels[i], Style.REGULAR, LABEL_SIZE + 0.5f) + 14;
        }
        canvas.down(LEGEND_ROW);
    }

    private void title(String title) throws IOException {
        canvas.text(title, Style.BOLD, TITLE_SIZE, Palette.TEXT, canvas.left(), canvas.y() - TITLE_SIZE, canvas.width(), Canvas.Align.LEFT);
        canvas.down(TITLE_HEIGHT);
    }

    /** How many rows the legend of a chart takes: its entries flow left to right, as many as fit on a row. */
    private static int legendRows(Chart.MultiSeries multi) {
        // an estimate for keeping the chart on one page; the legend itself measures its text
        int perRow = 4;
        return (multi.series().size() + perRow - 1) / perRow;
    }

    /** A coloured square and the label of each series, flowing over rows of the chart's width. */
    private void legend(Chart.MultiSeries multi, List<Rgb> colours) throws IOException {
        float x = canvas.left();
        float maxLabel = canvas.width() / 4 - LEGEND_SWATCH - 14;
        for (int i = 0; i < multi.series().size(); i++) {
            String label = type.fit(type.clean(multi.series().get(i).label(), Style.REGULAR), Style.REGULAR, LABEL_SIZE + 0.5f, maxLabel);
            float width = LEGEND_SWATCH + 4 + type.width(label, Style.REGULAR, LABEL_SIZE + 0.5f) + 14;
            if (x > canvas.left() && x + width > canvas.right()) {
                canvas.down(LEGEND_ROW);
                x = canvas.left();
            }
            float baseline = canvas.y() - LABEL_SIZE - 1;
            canvas.fillRect(x, baseline - 0.5f, LEGEND_SWATCH, LEGEND_SWATCH, colours.get(i));
            canvas.drawClean(label, Style.REGULAR, LABEL_SIZE + 0.5f, Palette.TEXT, x + LEGEND_SWATCH + 4, baseline, Canvas.Align.LEFT);
            x += width;
        }
        canvas.down(LEGEND_ROW);
    }

    /**
     * Plots series over the same slots: a value axis from zero (or below, for negative values) to a rounded maximum
     * with labelled gridlines; bars side by side in each slot, or a line per series (a gap where a value is missing);
     * slot labels under the axis. {@code alone}: one series, drawn with a tinted area and value labels on few bars.
     */
    private void plot(ValueType valueType, Chart.TimeSeries.Style style, Chart.TimeSeries.Granularity granularity, List<LocalDateTime> at,
                      List<List<BigDecimal>> series, List<Rgb> colours, boolean alone) throws IOException {
        AxisScale scale = AxisScale.over(series, valueType == ValueType.COUNT);
        Frame frame = axes(scale, valueType);
        float bottom = frame.bottom();
        float left = frame.left();
        float right = canvas.right();
        float zero = bottom + (float) scale.fraction(0) * PLOT_HEIGHT;
        int count = at.size();
        float slot = count == 0 ? 0 : (right - left) / count;
        if (style == Chart.TimeSeries.Style.BAR) {
            float group = Math.min(slot * 0.7f, 28f * series.size());
            float barWidth = group / series.size();
            boolean valueLabels = alone && count <= MAX_VALUE_LABELS;
            for (int s = 0; s < series.size(); s++) {
                List<BigDecimal> values = series.get(s);
                for (int i = 0; i < count; i++) {
                    if (values.get(i) == null) {
                        continue;
                    }
                    float y = bottom + (float) scale.fraction(values.get(i).doubleValue()) * PLOT_HEIGHT;
                    float x = left + slot * i + (slot - group) / 2 + barWidth * s;
                    if (Math.abs(y - zero) > 0.01f) {
                        canvas.fillRect(x, Math.min(y, zero), barWidth * (series.size() > 1 ? 0.9f : 1f), Math.abs(y - zero), colours.get(s));
                    }
                    if (valueLabels) {
                        canvas.text(formats.number(values.get(i), valueType), Style.REGULAR, LABEL_SIZE, Palette.MUTED, x + barWidth / 2,
                                Math.max(y, zero) + 3, slot, Canvas.Align.CENTER);
                    }
                }
            }
        } else {
            for (int s = 0; s < series.size(); s++) {
                List<BigDecimal> values = series.get(s);
                // one run of points with values after another: a gap where a point has none
                for (Runs.Run run : Runs.of(values, count)) {
                    line(values.subList(run.start(), run.end()), run.start(), left, slot, bottom, zero, scale, colours.get(s), alone, count <= 62);
                }
            }
        }
        xLabels(granularity, at, left, slot, bottom);
        canvas.moveTo(bottom - 22);
    }

    /** Where a plot's axes put its area: the left edge after the value labels, and the bottom. */
    private record Frame(float left, float bottom) {
    }

    /** The value axis: labelled gridlines from the scale's low to its high, the zero line stronger; the plot's frame. */
    private Frame axes(AxisScale scale, ValueType valueType) throws IOException {
        float top = canvas.y() - 4;
        float bottom = top - PLOT_HEIGHT;
        float labelWidth = 0;
        for (int i = 0; i <= scale.steps(); i++) {
            labelWidth = Math.max(labelWidth, type.width(tick(scale, i, valueType), Style.REGULAR, LABEL_SIZE));
        }
        float left = canvas.left() + labelWidth + AXIS_GAP;
        for (int i = 0; i <= scale.steps(); i++) {
            double value = scale.low() + i * scale.step();
            float y = bottom + (float) scale.fraction(value) * PLOT_HEIGHT;
            canvas.line(left, y, canvas.right(), y, value == 0 ? 0.8f : 0.5f, value == 0 ? Palette.FAINT : Palette.RULE);
            canvas.text(tick(scale, i, valueType), Style.REGULAR, LABEL_SIZE, Palette.MUTED, left - AXIS_GAP, y - LABEL_SIZE * 0.35f,
                    labelWidth, Canvas.Align.RIGHT);
        }
        return new Frame(left, bottom);
    }

    /**
     * A line through values that are all there, the first in slot {@code first}; over a tinted area down to zero when
     * it is the chart's only series.
     */
    private void line(List<BigDecimal> run, int first, float left, float slot, float bottom, float zero, AxisScale scale, Rgb colour,
                      boolean area, boolean dots) throws IOException {
        int count = run.size();
        float[] line = new float[count * 2];
        for (int i = 0; i < count; i++) {
            line[2 * i] = left + slot * (first + i + 0.5f);
            line[2 * i + 1] = bottom + (float) scale.fraction(run.get(i).doubleValue()) * PLOT_HEIGHT;
        }
        if (count > 1) {
            if (area) {
                float[] shape = new float[count * 2 + 4];
                System.arraycopy(line, 0, shape, 0, line.length);
                shape[count * 2] = line[line.length - 2];
                shape[count * 2 + 1] = zero;
                shape[count * 2 + 2] = line[0];
                shape[count * 2 + 3] = zero;
                canvas.fillPolygon(shape, canvas.palette().brandTint().towards(colour, 0.12f));
            }
            canvas.polyline(line, 1.6f, colour);
        }
        if (dots || count == 1) {
            for (int i = 0; i < count; i++) {
                canvas.fillCircle(line[2 * i], line[2 * i + 1], 1.8f, colour);
            }
        }
    }

    /** Hour, day, week or month labels under the slots, every n-th so that none overlaps the next. */
    private void xLabels(Chart.TimeSeries.Granularity granularity, List<LocalDateTime> at, float left, float slot, float bottom)
            throws IOException {
        if (at.isEmpty()) {
            return;
        }
        boolean withYear = at.getFirst().getYear() != at.getLast().getYear();
        String[] labels = new String[at.size()];
        float widest = 0;
        for (int i = 0; i < labels.length; i++) {
            labels[i] = switch (granularity) {
                case HOUR -> formats.hourLabel(at.get(i));
                case DAY, WEEK -> formats.shortDay(at.get(i).toLocalDate());
                case MONTH -> formats.monthLabel(at.get(i).toLocalDate(), withYear);
            };
            widest = Math.max(widest, type.width(labels[i], Style.REGULAR, LABEL_SIZE));
        }
        int every = Math.max(1, (int) Math.ceil((widest + 8) / slot));
        float baseline = bottom - LABEL_SIZE - 5;
        float drawnTo = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < labels.length; i += every) {
            float centre = left + slot * (i + 0.5f);
            float half = type.width(labels[i], Style.REGULAR, LABEL_SIZE) / 2;
            float x = Math.max(canvas.left() + half, Math.min(canvas.right() - half, centre));
            if (x - half < drawnTo + 4) {
                // pushed in from the page's edge onto the label before: left out
                continue;
            }
            drawnTo = x + half;
            canvas.line(centre, bottom, centre, bottom - 3, 0.5f, Palette.FAINT);
            canvas.text(labels[i], Style.REGULAR, LABEL_SIZE, Palette.MUTED, x, baseline, widest + 1, Canvas.Align.CENTER);
        }
    }

    private String tick(AxisScale scale, int step, ValueType valueType) {
        return formats.axis(scale.low() + step * scale.step(), scale.decimals(), valueType);
    }

    private void breakdown(Chart.Breakdown breakdown) throws IOException {
        canvas.ensureRoom(startHeight(breakdown));
        title(breakdown.title());
        List<Chart.Breakdown.Bar> bars = breakdown.bars();
        float size = 8.5f;
        float labelWidth = 0;
        float valueWidth = 0;
        double max = 0;
        String[] values = new String[bars.size()];
        for (int i = 0; i < bars.size(); i++) {
            Chart.Breakdown.Bar bar = bars.get(i);
            labelWidth = Math.max(labelWidth, type.width(type.clean(bar.label(), Style.REGULAR), Style.REGULAR, size));
            values[i] = formats.number(bar.value(), breakdown.type());
            valueWidth = Math.max(valueWidth, type.width(values[i], Style.REGULAR, size));
            max = Math.max(max, bar.value().doubleValue());
        }
        labelWidth = Math.min(labelWidth, canvas.width() * 0.3f);
        float barLeft = canvas.left() + labelWidth + 10;
        float barRight = canvas.right() - valueWidth - 10;
        float barHeight = 9;
        Palette palette = canvas.palette();
        for (int i = 0; i < bars.size(); i++) {
            canvas.ensureRoom(BAR_ROW);
            float middle = canvas.y() - BAR_ROW / 2;
            float baseline = middle - size * 0.36f;
            canvas.text(bars.get(i).label(), Style.REGULAR, size, Palette.TEXT, canvas.left(), baseline, labelWidth, Canvas.Align.LEFT);
            canvas.fillRoundedRect(barLeft, middle - barHeight / 2, barRight - barLeft, barHeight, 2, Palette.TRACK);
            double value = bars.get(i).value().doubleValue();
            float length = max > 0 && value > 0 ? (float) (value / max) * (barRight - barLeft) : 0;
            if (length > 0.5f) {
                canvas.fillRoundedRect(barLeft, middle - barHeight / 2, length, barHeight, 2, palette.brand());
            }
            canvas.text(values[i], Style.REGULAR, size, Palette.TEXT, canvas.right(), baseline, valueWidth + 1, Canvas.Align.RIGHT);
            canvas.down(BAR_ROW);
        }
        canvas.down(6);
    }
}
