package io.tally.adapter.out.export.pdf;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Text for one document. PDFBox has no font fallback, so text is first made drawable ({@link #clean}):
 * control and format characters are dropped, and characters that no font has (emoji, unassigned code
 * points) become a visible placeholder. Each character is then drawn with the first face of its style
 * that has it, so a line mixing Latin and Chinese becomes runs in DejaVu and WenQuanYi.
 * <p>
 * Widths come from the shared {@link FontFile} metrics; the PDFBox fonts are loaded into the document on
 * first use (WenQuanYi only when some text needs it) and embedded as subsets. Not thread-safe: one per
 * document.
 */
final class Typesetter implements Closeable {

    /** Drawn for characters no font has: WHITE SQUARE, which DejaVu has. */
    static final int PLACEHOLDER = 0x25A1;
    static final String ELLIPSIS = "…";

    private final PDDocument document;
    private final Map<Face, PDType0Font> fonts = new EnumMap<>(Face.class);
    private final List<TrueTypeFont> parsed = new ArrayList<>();

    Typesetter(PDDocument document) {
        this.document = document;
    }

    /** A run of text in visual order that one face draws. */
    record Run(Face face, String text) {
    }

    /**
     * The text as it can be drawn in {@code style}: tabs and line breaks become spaces, other control and
     * format characters (bidi overrides, zero-width joiners, variation selectors) are dropped, and each
     * stretch of characters that no face has becomes one placeholder. Never throws.
     */
    String clean(String raw, Style style) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        if (isPrintableAscii(raw)) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        boolean placed = false;
        for (int i = 0; i < raw.length(); ) {
            int codePoint = raw.codePointAt(i);
            i += Character.charCount(codePoint);
            int type = Character.getType(codePoint);
            if (codePoint == '\t' || codePoint == '\n' || codePoint == '\r' || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                codePoint = ' ';
            } else if (type == Character.CONTROL || type == Character.FORMAT || isVariationSelector(codePoint)) {
                continue;
            }
            boolean drawable = type != Character.SURROGATE && type != Character.UNASSIGNED && type != Character.PRIVATE_USE
                    && style.faceFor(codePoint) != null;
            if (drawable) {
                out.appendCodePoint(codePoint);
                placed = false;
            } else if (!placed) {
                out.appendCodePoint(PLACEHOLDER);
                placed = true;
            }
        }
        return out.toString();
    }

    /** The width in points of cleaned text. */
    float width(String text, Style style, float size) {
        return units(text, style) * size / 1000f;
    }

    /** The width of cleaned text in thousandths of the font size. */
    long units(String text, Style style) {
        long units = 0;
        if (isPrintableAscii(text)) {
            FontFile file = style.primary().file();
            for (int i = 0; i < text.length(); i++) {
                units += file.advance(text.charAt(i));
            }
            return units;
        }
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            units += advance(codePoint, style);
        }
        return units;
    }

    /** Cleaned text cut to {@code maxWidth} points, ending in "…" when cut (empty when not even that fits). */
    String fit(String text, Style style, float size, float maxWidth) {
        long budget = (long) Math.floor(maxWidth * 1000f / size + 0.5f);
        if (units(text, style) <= budget) {
            return text;
        }
        long room = budget - units(ELLIPSIS, style);
        if (room < 0) {
            return "";
        }
        long used = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int advance = advance(codePoint, style);
            if (used + advance > room) {
                break;
            }
            used += advance;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end).stripTrailing() + ELLIPSIS;
    }

    /** Cleaned text broken into lines of at most {@code maxWidth} points at spaces; over-long words are cut. */
    List<String> wrap(String text, Style style, float size, float maxWidth) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split(" +")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (width(candidate, style, size) <= maxWidth) {
                line.setLength(0);
                line.append(candidate);
            } else {
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                }
                line.setLength(0);
                line.append(fit(word, style, size, maxWidth));
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Cleaned text in visual order, split into runs per face. */
    List<Run> runs(String text, Style style) {
        if (isPrintableAscii(text)) {
            return List.of(new Run(style.primary(), text));
        }
        String visual = VisualOrder.of(text);
        List<Run> runs = new ArrayList<>(2);
        StringBuilder run = new StringBuilder();
        Face current = null;
        for (int i = 0; i < visual.length(); ) {
            int codePoint = visual.codePointAt(i);
            i += Character.charCount(codePoint);
            Face face = style.faceFor(codePoint);
            if (face == null) {
                codePoint = PLACEHOLDER;
                face = style.faceFor(PLACEHOLDER);
            }
            if (face != current && !run.isEmpty()) {
                runs.add(new Run(current, run.toString()));
                run.setLength(0);
            }
            current = face;
            run.appendCodePoint(codePoint);
        }
        if (!run.isEmpty()) {
            runs.add(new Run(current, run.toString()));
        }
        return runs;
    }

    /** The document's font for a face, loaded and set up for subset embedding on first use. */
    PDType0Font font(Face face) throws IOException {
        PDType0Font font = fonts.get(face);
        if (font == null) {
            TrueTypeFont trueType = face.file().parse();
            parsed.add(trueType);
            font = PDType0Font.load(document, trueType, true);
            fonts.put(face, font);
        }
        return font;
    }

    /** Releases the parsed fonts; call after the document is saved. */
    @Override
    public void close() throws IOException {
        for (TrueTypeFont font : parsed) {
            font.close();
        }
        parsed.clear();
    }

    private static int advance(int codePoint, Style style) {
        Face face = style.faceFor(codePoint);
        if (face == null) {
            return Math.max(0, style.primary().file().advance(PLACEHOLDER));
        }
        return face.file().advance(codePoint);
    }

    private static boolean isPrintableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static boolean isVariationSelector(int codePoint) {
        return (codePoint >= 0xFE00 && codePoint <= 0xFE0F) || (codePoint >= 0xE0100 && codePoint <= 0xE01EF);
    }
}
