package io.tally.adapter.out.export.pdf;

import java.text.Bidi;

/**
 * Puts a line of text into visual (left-to-right drawing) order with the Unicode bidirectional algorithm,
 * so Hebrew and Arabic read correctly: right-to-left runs are reversed (keeping combining marks after
 * their base letter, and mirroring brackets), and runs are ordered by their embedding levels.
 * <p>
 * Arabic letters are not shaped: they are drawn in their isolated forms, because PDFBox applies no Arabic
 * glyph substitution (contextual shaping would need OpenType GSUB support that PDFBox lacks). The text
 * stays legible and extracts correctly, but does not join as in typeset Arabic.
 */
final class VisualOrder {

    private VisualOrder() {
    }

    /** The text in drawing order; text without right-to-left characters is returned as it is. */
    static String of(String logical) {
        char[] chars = logical.toCharArray();
        if (!Bidi.requiresBidi(chars, 0, chars.length)) {
            return logical;
        }
        Bidi bidi = new Bidi(logical, Bidi.DIRECTION_DEFAULT_LEFT_TO_RIGHT);
        if (bidi.isLeftToRight()) {
            return logical;
        }
        int count = bidi.getRunCount();
        byte[] levels = new byte[count];
        Object[] runs = new Object[count];
        for (int i = 0; i < count; i++) {
            int level = bidi.getRunLevel(i);
            String run = logical.substring(bidi.getRunStart(i), bidi.getRunLimit(i));
            levels[i] = (byte) level;
            runs[i] = (level & 1) == 1 ? reversed(run) : run;
        }
        Bidi.reorderVisually(levels, 0, runs, 0, count);
        StringBuilder visual = new StringBuilder(logical.length());
        for (Object run : runs) {
            visual.append((String) run);
        }
        return visual.toString();
    }

    /** The run backwards by clusters (a base character and the marks after it stay in order), brackets mirrored. */
    private static String reversed(String run) {
        StringBuilder out = new StringBuilder(run.length());
        int end = run.length();
        while (end > 0) {
            int start = end;
            int codePoint;
            do {
                codePoint = run.codePointBefore(start);
                start -= Character.charCount(codePoint);
            } while (start > 0 && isMark(codePoint));
            int first = run.codePointAt(start);
            out.appendCodePoint(mirrored(first));
            out.append(run, start + Character.charCount(first), end);
            end = start;
        }
        return out.toString();
    }

    private static boolean isMark(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    private static int mirrored(int codePoint) {
        return switch (codePoint) {
            case '(' -> ')';
            case ')' -> '(';
            case '[' -> ']';
            case ']' -> '[';
            case '{' -> '}';
            case '}' -> '{';
            case '<' -> '>';
            case '>' -> '<';
            case '«' -> '»';
            case '»' -> '«';
            case '‹' -> '›';
            case '›' -> '‹';
            default -> codePoint;
        };
    }
}
