package io.tally.adapter.out.export.pdf;

import io.tally.adapter.out.export.presentation.Palette;
import io.tally.adapter.out.export.presentation.Rgb;

import io.tally.adapter.out.export.presentation.Formats;

import io.tally.domain.report.Block;
import io.tally.domain.report.Chart;
import io.tally.domain.metric.Polarity;
import io.tally.domain.report.KeyFigure;
import io.tally.domain.report.Paragraph;
import io.tally.domain.report.Report;
import io.tally.domain.report.Section;
import io.tally.domain.report.Table;
import java.io.IOException;
import java.util.List;

/**
 * Lays a report out on a {@link Canvas}: the header band and the line under it, the notes, the key figure
 * cards, each section with its tables and charts, and finally the footer of every page.
 */
final class ReportPainter {

    static final String NO_DATA = "No data for this period.";
    private static final float BAND_HEIGHT = 86;
    private static final float TITLE_SIZE = 22;
    private static final float MIN_TITLE_SIZE = 14;
    private static final float CARD_GAP = 10;
    private static final float CARD_PADDING = 11;
    private static final float SECTION_TITLE_SIZE = 12.5f;
    private static final float FOOTER_SIZE = 7.5f;
    private static final float PARAGRAPH_SIZE = 9.5f;
    private static final float PARAGRAPH_LINE = 13.5f;

    private final Canvas canvas;
    private final Report report;
    private final Formats formats;
    private final TablePainter tables;
    private final ChartPainter charts;

    ReportPainter(Canvas canvas, Report report) {
        this.canvas = canvas;
        this.report = report;
        this.formats = new Formats(report.zone().zone());
        this.tables = new TablePainter(canvas, formats);
        this.charts = new ChartPainter(canvas, formats);
    }

    /** Draws the whole report and returns the number of table rows written. */
    long paint() throws IOException {
        canvas.newPage();
        header();
        keyFigures();
        long rows = 0;
        for (Section section : report.sections()) {
            rows += section(section);
        }
        canvas.decorate(this::footer);
        return rows;
    }

    private void header() throws IOException {
        Palette palette = canvas.palette();
        float top = canvas.pageHeight();
        canvas.fillRect(0, top - BAND_HEIGHT, canvas.pageWidth(), BAND_HEIGHT, palette.brand());
        Rgb soft = palette.onBrand().towards(palette.brand(), 0.2f);
        canvas.text(report.brand().name(), Style.BOLD, 9, soft, canvas.left(), top - 31, canvas.width(), Canvas.Align.LEFT);
        Typesetter type = canvas.type();
        String title = type.clean(report.title(), Style.BOLD);
        float size = TITLE_SIZE;
        while (size > MIN_TITLE_SIZE && type.width(title, Style.BOLD, size) > canvas.width()) {
            size -= 1;
        }
        canvas.text(title, Style.BOLD, size, palette.onBrand(), canvas.left(), top - 63, canvas.width(), Canvas.Align.LEFT);
        canvas.moveTo(top - BAND_HEIGHT - 20);
        meta();
        notes();
        canvas.down(14);
    }

    /** Subject, period, timezone and generated-at as four labelled columns. */
    private void meta() throws IOException {
        String[] labels = {report.kind().perCustomer() ? "CUSTOMER" : "ACCOUNT", "PERIOD", "TIMEZONE", "GENERATED"};
        String[] values = {report.subject(), formats.period(report.from(), report.to()), report.zone().value(),
                formats.generatedAt(report.generatedAt())};
        float[] widths = metaWidths(labels, values);
        float x = canvas.left();
        float labelBaseline = canvas.y() - 7;
        float valueBaseline = labelBaseline - 14;
        for (int i = 0; i < labels.length; i++) {
            float width = widths[i];
            canvas.text(labels[i], Style.BOLD, 6.5f, Palette.MUTED, x, labelBaseline, width - 10, Canvas.Align.LEFT);
            canvas.text(values[i], i == 0 ? Style.BOLD : Style.REGULAR, 9.5f, Palette.TEXT, x, valueBaseline, width - 10, Canvas.Align.LEFT);
            x += width;
        }
        canvas.moveTo(valueBaseline - 10);
    }

    /**
     * The meta columns' widths: each as wide as its label and value need, the room left shared out 31/29/19/21; when
     * that is more than the page has, the period, timezone and generated-at keep what they need and the subject takes the
     * rest (cut with an ellipsis), unless that would leave it less than a quarter of the page.
     */
    private float[] metaWidths(String[] labels, String[] values) {
        float[] shares = {0.31f, 0.29f, 0.19f, 0.21f};
        Typesetter type = canvas.type();
        float[] needs = new float[labels.length];
        float needed = 0;
        for (int i = 0; i < labels.length; i++) {
            needs[i] = Math.max(type.width(type.clean(labels[i], Style.BOLD), Style.BOLD, 6.5f),
                    type.width(type.clean(values[i], i == 0 ? Style.BOLD : Style.REGULAR), i == 0 ? Style.BOLD : Style.REGULAR, 9.5f)) + 12;
            needed += needs[i];
        }
        float spare = canvas.width() - needed;
        float[] widths = new float[labels.length];
        if (spare >= 0) {
            for (int i = 0; i < labels.length; i++) {
                widths[i] = needs[i] + spare * shares[i];
            }
            return widths;
        }
        float subject = canvas.width() - (needed - needs[0]);
        for (int i = 0; i < labels.length; i++) {
            widths[i] = subject >= canvas.width() / 4 ? (i == 0 ? subject : needs[i]) : canvas.width() * shares[i];
        }
        return widths;
    }

    private void notes() throws IOException {
        Typesetter type = canvas.type();
        for (String note : report.notes()) {
            for (String line : type.wrap(type.clean(note, Style.REGULAR), Style.REGULAR, 8.5f, canvas.width())) {
                canvas.drawClean(line, Style.REGULAR, 8.5f, Palette.MUTED, canvas.left(), canvas.y() - 9, Canvas.Align.LEFT);
                canvas.down(12);
            }
        }
    }

    private void keyFigures() throws IOException {
        List<KeyFigure> figures = report.keyFigures();
        if (figures.isEmpty()) {
            return;
        }
        int perRow = cardsPerRow(figures.size());
        if (perRow == 4 && !fits(figures, 4) && fits(figures, 3)) {
            perRow = 3;
        }
        float cardWidth = (canvas.width() - CARD_GAP * (perRow - 1)) / perRow;
        boolean compared = figures.stream().anyMatch(figure -> figure.previous().isPresent());
        float cardHeight = compared ? 66 : 52;
        for (int start = 0; start < figures.size(); start += perRow) {
            canvas.ensureRoom(cardHeight);
            for (int i = start; i < Math.min(figures.size(), start + perRow); i++) {
                card(figures.get(i), canvas.left() + (i - start) * (cardWidth + CARD_GAP), cardWidth, cardHeight);
            }
            canvas.down(cardHeight + CARD_GAP);
        }
        canvas.down(8);
    }

    /** Whether every card's label, and its trend with the previous value, fit a card of a row of {@code perRow} uncut. */
    private boolean fits(List<KeyFigure> figures, int perRow) {
        Typesetter type = canvas.type();
        float inner = (canvas.width() - CARD_GAP * (perRow - 1)) / perRow - 2 * CARD_PADDING;
        for (KeyFigure figure : figures) {
            if (type.width(type.clean(figure.label(), Style.REGULAR), Style.REGULAR, 8) > inner) {
                return false;
            }
            if (figure.previous().isPresent()) {
                String previous = "prev. " + formats.cell(figure.previous().get(), figure.type());
                float used = type.width(type.clean(trend(figure, formats).text(), Style.BOLD), Style.BOLD, 7.5f) + 6
                        + type.width(type.clean(previous, Style.REGULAR), Style.REGULAR, 7.5f);
                if (used > inner) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Three or four cards a row, whichever needs fewer rows, then whichever fills the last row better. */
    static int cardsPerRow(int count) {
        int rowsOfThree = (count + 2) / 3;
        int rowsOfFour = (count + 3) / 4;
        if (rowsOfFour != rowsOfThree) {
            return rowsOfFour < rowsOfThree ? 4 : 3;
        }
        float lastOfThree = (count - (rowsOfThree - 1) * 3) / 3f;
        float lastOfFour = (count - (rowsOfFour - 1) * 4) / 4f;
        return lastOfFour > lastOfThree ? 4 : 3;
    }

    private void card(KeyFigure figure, float x, float width, float height) throws IOException {
        Palette palette = canvas.palette();
        float top = canvas.y();
        canvas.fillRoundedRect(x, top - height, width, height, 6, palette.brandTint());
        canvas.strokeRoundedRect(x, top - height, width, height, 6, 0.6f, palette.brandLine());
        float inner = width - 2 * CARD_PADDING;
        float textX = x + CARD_PADDING;
        canvas.text(figure.label(), Style.REGULAR, 8, Palette.MUTED, textX, top - 17, inner, Canvas.Align.LEFT);
        Typesetter type = canvas.type();
        String value = type.clean(formats.cell(figure.value(), figure.type()), Style.BOLD);
        float size = 18;
        while (size > 10 && type.width(value, Style.BOLD, size) > inner) {
            size -= 0.5f;
        }
        canvas.text(value, Style.BOLD, size, Palette.TEXT, textX, top - 39, inner, Canvas.Align.LEFT);
        if (figure.previous().isPresent()) {
            float baseline = top - 56;
            Trend trend = trend(figure, formats);
            float used = canvas.text(trend.text(), Style.BOLD, 7.5f, trend.colour(), textX, baseline, inner, Canvas.Align.LEFT);
            String previous = "prev. " + formats.cell(figure.previous().get(), figure.type());
            float gap = 6;
            if (inner - used - gap > 0) {
                canvas.text(previous, Style.REGULAR, 7.5f, Palette.MUTED, textX + used + gap, baseline, inner - used - gap, Canvas.Align.LEFT);
            }
        }
    }

    /** The figure's trend ({@link io.tally.adapter.out.export.presentation.Trend}) in its colour: green good news, red bad, grey neither. */
    static Trend trend(KeyFigure figure, Formats formats) {
        io.tally.adapter.out.export.presentation.Trend trend = io.tally.adapter.out.export.presentation.Trend.of(figure, formats);
        return new Trend(trend.text(), colour(trend.verdict()));
    }

    private static Rgb colour(Polarity.Verdict verdict) {
        return switch (verdict) {
            case GOOD -> Palette.UP;
            case BAD -> Palette.DOWN;
            case NEUTRAL -> Palette.MUTED;
        };
    }

    record Trend(String text, Rgb colour) {
    }

    /**
     * A section: its title (kept on the page of its first block), then its blocks in order. A table without
     * rows or a chart without data shows "No data for this period." instead, once for consecutive empty blocks.
     */
    private long section(Section section) throws IOException {
        float first = section.blocks().isEmpty() ? 20 : switch (section.blocks().getFirst()) {
            case Table table -> TablePainter.startHeight(table);
            case Chart chart -> ChartPainter.startHeight(chart);
            case Paragraph paragraph -> 3 * PARAGRAPH_LINE;
        };
        canvas.ensureRoom(30 + first);
        canvas.down(6);
        canvas.fillRect(canvas.left(), canvas.y() - 14, 3, 14, canvas.palette().brand());
        canvas.text(section.title(), Style.BOLD, SECTION_TITLE_SIZE, Palette.TEXT, canvas.left() + 10, canvas.y() - 12, canvas.width() - 10,
                Canvas.Align.LEFT);
        canvas.down(24);
        long rows = 0;
        boolean lastEmpty = false;
        for (Block block : section.blocks()) {
            boolean empty;
            switch (block) {
                case Table table -> {
                    long count = tables.paint(table);
                    rows += count;
                    empty = count == 0;
                }
                case Chart chart -> {
                    empty = !chart.hasData();
                    if (!empty) {
                        charts.paint(chart);
                    }
                }
                case Paragraph paragraph -> {
                    paragraph(paragraph);
                    empty = false;
                }
            }
            if (empty && !lastEmpty) {
                noData();
            } else if (!empty) {
                canvas.down(10);
            }
            lastEmpty = empty;
        }
        if (section.blocks().isEmpty()) {
            noData();
        }
        canvas.down(8);
        return rows;
    }

    /** A paragraph, wrapped to the page's width, a page turned between lines when one is full. */
    private void paragraph(Paragraph paragraph) throws IOException {
        Typesetter type = canvas.type();
        for (String line : type.wrap(type.clean(paragraph.text(), Style.REGULAR), Style.REGULAR, PARAGRAPH_SIZE, canvas.width())) {
            canvas.ensureRoom(PARAGRAPH_LINE);
            canvas.drawClean(line, Style.REGULAR, PARAGRAPH_SIZE, Palette.TEXT, canvas.left(), canvas.y() - 10, Canvas.Align.LEFT);
            canvas.down(PARAGRAPH_LINE);
        }
    }

    private void noData() throws IOException {
        canvas.ensureRoom(20);
        canvas.text(NO_DATA, Style.REGULAR, 9, Palette.MUTED, canvas.left(), canvas.y() - 10, canvas.width(), Canvas.Align.LEFT);
        canvas.down(20);
    }

    private void footer(Canvas page, int number, int pages) throws IOException {
        float baseline = 26;
        page.line(page.left(), 38, page.right(), 38, 0.5f, Palette.RULE);
        String pageText = "Page " + number + " of " + pages;
        float used = page.text(pageText, Style.REGULAR, FOOTER_SIZE, Palette.MUTED, page.right(), baseline, page.width() / 3, Canvas.Align.RIGHT);
        page.text(report.brand().name() + "  ·  " + report.title(), Style.REGULAR, FOOTER_SIZE, Palette.MUTED, page.left(), baseline,
                page.width() - used - 20, Canvas.Align.LEFT);
    }
}
