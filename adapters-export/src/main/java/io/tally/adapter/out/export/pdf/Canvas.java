package io.tally.adapter.out.export.pdf;

import io.tally.adapter.out.export.presentation.Palette;
import io.tally.adapter.out.export.presentation.Rgb;

import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The pages of one document and a cursor running down them: drawing primitives in PDF points (origin at
 * the bottom left), text through the {@link Typesetter}, and page breaks. Content sits between the
 * margins and above the footer band; {@link #decorate} draws on every page once all pages exist (for
 * "Page x of y"). Remembers the current font and colours so unchanged state is not written again.
 */
final class Canvas {

    static final float MARGIN = 40;
    /** The lowest line content may reach; the footer sits below it. */
    static final float CONTENT_BOTTOM = 52;
    private static final float CONTINUATION_STRIP = 4;
    private static final float KAPPA = 0.5523f;

    private final PDDocument document;
    private final Typesetter type;
    private final PDRectangle paper;
    private final Palette palette;
    private PDPageContentStream stream;
    private int pages;
    private float y;
    private PDType0Font currentFont;
    private float currentSize;
    private Rgb currentFill;
    private Rgb currentStroke;
    private float currentLineWidth = -1;

    Canvas(PDDocument document, Typesetter type, PDRectangle paper, Palette palette) {
        this.document = document;
        this.type = type;
        this.paper = paper;
        this.palette = palette;
    }

    /** How a text sits at its x: starting there, ending there, or centred on it. */
    enum Align { LEFT, RIGHT, CENTER }

    /** Called for each page once the page count is known. */
    @FunctionalInterface
    interface PageDecoration {
        void draw(Canvas canvas, int page, int pages) throws IOException;
    }

    Typesetter type() {
        return type;
    }

    Palette palette() {
        return palette;
    }

    float pageWidth() {
        return paper.getWidth();
    }

    float pageHeight() {
        return paper.getHeight();
    }

    float left() {
        return MARGIN;
    }

    float right() {
        return paper.getWidth() - MARGIN;
    }

    float width() {
        return right() - left();
    }

    /** The cursor: the top of the next thing drawn. */
    float y() {
        return y;
    }

    void down(float points) {
        y -= points;
    }

    void moveTo(float newY) {
        y = newY;
    }

    /** Points left above the footer on this page. */
    float room() {
        return y - CONTENT_BOTTOM;
    }

    int pageCount() {
        return pages;
    }

    /** Starts a new page with the cursor at the top margin; pages after the first carry a thin brand strip. */
    void newPage() throws IOException {
        closeStream();
        PDPage page = new PDPage(paper);
        document.addPage(page);
        stream = new PDPageContentStream(document, page, AppendMode.OVERWRITE, true);
        resetState();
        pages++;
        y = paper.getHeight() - MARGIN;
        if (pages > 1) {
            fillRect(0, paper.getHeight() - CONTINUATION_STRIP, paper.getWidth(), CONTINUATION_STRIP, palette.brand());
        }
    }

    /** Starts a new page unless {@code height} points fit above the footer; tells whether it did. */
    boolean ensureRoom(float height) throws IOException {
        if (y - height < CONTENT_BOTTOM && y < paper.getHeight() - MARGIN) {
            newPage();
            return true;
        }
        return false;
    }

    /** Finishes the content and draws {@code decoration} on every page (appended to its content). */
    void decorate(PageDecoration decoration) throws IOException {
        closeStream();
        int page = 0;
        for (PDPage pdPage : document.getPages()) {
            page++;
            stream = new PDPageContentStream(document, pdPage, AppendMode.APPEND, true, true);
            resetState();
            decoration.draw(this, page, pages);
            closeStream();
        }
    }

    /** Closes the current page's content. */
    void closeStream() throws IOException {
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }

    void fillRect(float x, float bottom, float width, float height, Rgb colour) throws IOException {
        fill(colour);
        stream.addRect(x, bottom, width, height);
        stream.fill();
    }

    void fillRoundedRect(float x, float bottom, float width, float height, float radius, Rgb colour) throws IOException {
        fill(colour);
        roundedRectPath(x, bottom, width, height, radius);
        stream.fill();
    }

    void strokeRoundedRect(float x, float bottom, float width, float height, float radius, float lineWidth, Rgb colour)
            throws IOException {
        stroke(colour, lineWidth);
        roundedRectPath(x, bottom, width, height, radius);
        stream.stroke();
    }

    void line(float x1, float y1, float x2, float y2, float lineWidth, Rgb colour) throws IOException {
        stroke(colour, lineWidth);
        stream.moveTo(x1, y1);
        stream.lineTo(x2, y2);
        stream.stroke();
    }

    /** A filled polygon through {x0, y0, x1, y1, …}. */
    void fillPolygon(float[] points, Rgb colour) throws IOException {
        fill(colour);
        path(points);
        stream.closePath();
        stream.fill();
    }

    /** An open line through {x0, y0, x1, y1, …}. */
    void polyline(float[] points, float lineWidth, Rgb colour) throws IOException {
        stroke(colour, lineWidth);
        stream.setLineJoinStyle(1);
        path(points);
        stream.stroke();
    }

    /** An open dashed line through {x0, y0, x1, y1, …}: dashes of {@code dash} points with gaps as long. */
    void dashedPolyline(float[] points, float lineWidth, float dash, Rgb colour) throws IOException {
        stream.saveGraphicsState();
        stream.setLineDashPattern(new float[] {dash, dash}, 0);
        polyline(points, lineWidth, colour);
        stream.restoreGraphicsState();
    }

    void fillCircle(float cx, float cy, float radius, Rgb colour) throws IOException {
        fillRoundedRect(cx - radius, cy - radius, 2 * radius, 2 * radius, radius, colour);
    }

    /**
     * Draws raw text on one line: cleaned, cut with "…" to {@code maxWidth}, aligned at {@code x}, with its
     * baseline at {@code baseline}. Returns the width drawn.
     */
    float text(String raw, Style style, float size, Rgb colour, float x, float baseline, float maxWidth, Align align)
            throws IOException {
        String text = type.fit(type.clean(raw, style), style, size, maxWidth);
        return drawClean(text, style, size, colour, x, baseline, align);
    }

    /** Draws text already cleaned and fitted. Returns its width. */
    float drawClean(String text, Style style, float size, Rgb colour, float x, float baseline, Align align) throws IOException {
        if (text.isEmpty()) {
            return 0;
        }
        float width = type.width(text, style, size);
        float start = switch (align) {
            case LEFT -> x;
            case RIGHT -> x - width;
            case CENTER -> x - width / 2;
        };
        fill(colour);
        stream.beginText();
        stream.newLineAtOffset(start, baseline);
        for (Typesetter.Run run : type.runs(text, style)) {
            PDType0Font font = type.font(run.face());
            if (font != currentFont || size != currentSize) {
                stream.setFont(font, size);
                currentFont = font;
                currentSize = size;
            }
            stream.showText(run.text());
        }
        stream.endText();
        return width;
    }

    private void path(float[] points) throws IOException {
        stream.moveTo(points[0], points[1]);
        for (int i = 2; i + 1 < points.length; i += 2) {
            stream.lineTo(points[i], points[i + 1]);
        }
    }

    private void roundedRectPath(float x, float y0, float w, float h, float radius) throws IOException {
        float r = Math.min(radius, Math.min(w, h) / 2);
        float k = r * KAPPA;
        float x1 = x + w;
        float y1 = y0 + h;
        stream.moveTo(x + r, y0);
        stream.lineTo(x1 - r, y0);
        stream.curveTo(x1 - r + k, y0, x1, y0 + r - k, x1, y0 + r);
        stream.lineTo(x1, y1 - r);
        stream.curveTo(x1, y1 - r + k, x1 - r + k, y1, x1 - r, y1);
        stream.lineTo(x + r, y1);
        stream.curveTo(x + r - k, y1, x, y1 - r + k, x, y1 - r);
        stream.lineTo(x, y0 + r);
        stream.curveTo(x, y0 + r - k, x + r - k, y0, x + r, y0);
        stream.closePath();
    }

    private void fill(Rgb colour) throws IOException {
        if (!colour.equals(currentFill)) {
            stream.setNonStrokingColor(colour.red(), colour.green(), colour.blue());
            currentFill = colour;
        }
    }

    private void stroke(Rgb colour, float lineWidth) throws IOException {
        if (!colour.equals(currentStroke)) {
            stream.setStrokingColor(colour.red(), colour.green(), colour.blue());
            currentStroke = colour;
        }
        if (lineWidth != currentLineWidth) {
            stream.setLineWidth(lineWidth);
            currentLineWidth = lineWidth;
        }
    }

    private void resetState() {
        currentFont = null;
        currentSize = 0;
        currentFill = null;
        currentStroke = null;
        currentLineWidth = -1;
    }
}
