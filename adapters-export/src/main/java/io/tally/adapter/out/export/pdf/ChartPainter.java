package io.tally.adapter.out.export.pdf;

import io.tally.domain.report.Chart;
import io.tally.domain.report.ValueType;
import java.io.IOException;
import java.time.LocalDateTime;
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

    /** Whether the chart has anything to plot (a series of zeros has; an empty one has not). */
    static boolean hasData(Chart chart) {
        return switch (chart) {
            case Chart.TimeSeries series -> series.points().stream().anyMatch(point -> point.value() != null);
            case Chart.Breakdown breakdown -> !breakdown.bars().isEmpty();
        };
    }

    /** The height the chart needs on a page before it starts: all of it, or the first bars of a long breakdown. */
    static float startHeight(Chart chart) {
        return switch (chart) {
            case Chart.TimeSeries series -> TIME_SERIES_HEIGHT;
            case Chart.Breakdown breakdown -> TITLE_HEIGHT + BAR_ROW
                    * (breakdown.bars().size() <= KEEP_TOGETHER_BARS ? breakdown.bars().size() : Math.min(4, breakdown.bars().size()));
        };
    }

    void paint(Chart chart) throws IOException {
        switch (chart) {
            case Chart.TimeSeries series -> timeSeries(series);
            case Chart.Breakdown breakdown -> breakdown(breakdown);
        }
    }

    private void title(String title) throws IOException {
        canvas.text(title, Style.BOLD, TITLE_SIZE, Palette.TEXT, canvas.left(), canvas.y() - TITLE_SIZE, canvas.width(), Canvas.Align.LEFT);
        canvas.down(TITLE_HEIGHT);
    }

    private void timeSeries(Chart.TimeSeries series) throws IOException {
        canvas.ensureRoom(TIME_SERIES_HEIGHT);
        title(series.title());
        List<Chart.TimeSeries.Point> points = series.points();
        double min = 0;
        double max = 0;
        for (Chart.TimeSeries.Point point : points) {
            if (point.value() != null) {
                min = Math.min(min, point.value().doubleValue());
                max = Math.max(max, point.value().doubleValue());
            }
        }
        AxisScale scale = AxisScale.of(min, max, series.type() == ValueType.COUNT);
        float top = canvas.y() - 4;
        float bottom = top - PLOT_HEIGHT;
        float labelWidth = 0;
        for (int i = 0; i <= scale.steps(); i++) {
            labelWidth = Math.max(labelWidth, type.width(tick(scale, i, series.type()), Style.REGULAR, LABEL_SIZE));
        }
        float left = canvas.left() + labelWidth + AXIS_GAP;
        float right = canvas.right();
        for (int i = 0; i <= scale.steps(); i++) {
            double value = scale.low() + i * scale.step();
            float y = bottom + (float) scale.fraction(value) * PLOT_HEIGHT;
            canvas.line(left, y, right, y, value == 0 ? 0.8f : 0.5f, value == 0 ? Palette.FAINT : Palette.RULE);
            canvas.text(tick(scale, i, series.type()), Style.REGULAR, LABEL_SIZE, Palette.MUTED, left - AXIS_GAP, y - LABEL_SIZE * 0.35f,
                    labelWidth, Canvas.Align.RIGHT);
        }
        float zero = bottom + (float) scale.fraction(0) * PLOT_HEIGHT;
        int count = points.size();
        float slot = count == 0 ? 0 : (right - left) / count;
        Palette palette = canvas.palette();
        if (series.style() == Chart.TimeSeries.Style.BAR) {
            float barWidth = Math.min(slot * 0.7f, 28);
            boolean valueLabels = count <= MAX_VALUE_LABELS;
            for (int i = 0; i < count; i++) {
                if (points.get(i).value() == null) {
                    continue;
                }
                double value = points.get(i).value().doubleValue();
                float y = bottom + (float) scale.fraction(value) * PLOT_HEIGHT;
                float x = left + slot * i + (slot - barWidth) / 2;
                if (Math.abs(y - zero) > 0.01f) {
                    canvas.fillRect(x, Math.min(y, zero), barWidth, Math.abs(y - zero), palette.brand());
                }
                if (valueLabels) {
                    String label = formats.number(points.get(i).value(), series.type());
                    canvas.text(label, Style.REGULAR, LABEL_SIZE, Palette.MUTED, x + barWidth / 2, Math.max(y, zero) + 3, slot,
                            Canvas.Align.CENTER);
                }
            }
        } else {
            // one run of points with values after another: a gap where a point has none
            int start = 0;
            while (start < count) {
                if (points.get(start).value() == null) {
                    start++;
                    continue;
                }
                int end = start;
                while (end < count && points.get(end).value() != null) {
                    end++;
                }
                line(points.subList(start, end), start, left, slot, bottom, zero, scale, count <= 62);
                start = end;
            }
        }
        xLabels(series, left, slot, bottom);
        canvas.moveTo(bottom - 22);
    }

    /** A line through points that all have values, the first in slot {@code first}, over a tinted area down to zero. */
    private void line(List<Chart.TimeSeries.Point> run, int first, float left, float slot, float bottom, float zero, AxisScale scale,
                      boolean dots) throws IOException {
        Palette palette = canvas.palette();
        int count = run.size();
        float[] line = new float[count * 2];
        for (int i = 0; i < count; i++) {
            line[2 * i] = left + slot * (first + i + 0.5f);
            line[2 * i + 1] = bottom + (float) scale.fraction(run.get(i).value().doubleValue()) * PLOT_HEIGHT;
        }
        if (count > 1) {
            float[] area = new float[count * 2 + 4];
            System.arraycopy(line, 0, area, 0, line.length);
            area[count * 2] = line[line.length - 2];
            area[count * 2 + 1] = zero;
            area[count * 2 + 2] = line[0];
            area[count * 2 + 3] = zero;
            canvas.fillPolygon(area, palette.brandTint().towards(palette.brand(), 0.12f));
            canvas.polyline(line, 1.6f, palette.brand());
        }
        if (dots || count == 1) {
            for (int i = 0; i < count; i++) {
                canvas.fillCircle(line[2 * i], line[2 * i + 1], 1.8f, palette.brand());
            }
        }
    }

    /** Hour, day, week or month labels under the slots, every n-th so that none overlaps the next. */
    private void xLabels(Chart.TimeSeries series, float left, float slot, float bottom) throws IOException {
        List<Chart.TimeSeries.Point> points = series.points();
        if (points.isEmpty()) {
            return;
        }
        boolean withYear = points.getFirst().at().getYear() != points.getLast().at().getYear();
        String[] labels = new String[points.size()];
        float widest = 0;
        for (int i = 0; i < labels.length; i++) {
            LocalDateTime at = points.get(i).at();
            labels[i] = switch (series.granularity()) {
                case HOUR -> formats.hourLabel(at);
                case DAY, WEEK -> formats.shortDay(at.toLocalDate());
                case MONTH -> formats.monthLabel(at.toLocalDate(), withYear);
            };
            widest = Math.max(widest, type.width(labels[i], Style.REGULAR, LABEL_SIZE));
        }
        int every = Math.max(1, (int) Math.ceil((widest + 8) / slot));
        float baseline = bottom - LABEL_SIZE - 5;
        for (int i = 0; i < labels.length; i += every) {
            float centre = left + slot * (i + 0.5f);
            canvas.line(centre, bottom, centre, bottom - 3, 0.5f, Palette.FAINT);
            float half = type.width(labels[i], Style.REGULAR, LABEL_SIZE) / 2;
            float x = Math.max(canvas.left() + half, Math.min(canvas.right() - half, centre));
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
