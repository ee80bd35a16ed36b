package io.tally.adapter.out.export.html;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Escaping for HTML text and attribute values: {@code & < > " '} become character references, characters HTML may not
 * hold (control characters but tab, LF and CR; noncharacters U+FFFE and U+FFFF) are left out, and a lone surrogate
 * becomes U+FFFD. What is escaped can never open a tag, close an attribute or start a script.
 */
final class Html {

    private Html() {
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        try {
            escape(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static void escape(String value, Appendable out) throws IOException {
        int length = value.length();
        int plain = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                case '\t', '\n', '\r' -> null;
                default -> {
                    if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\uFFFE' || c == '\uFFFF') {
                        yield "";
                    }
                    if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                        i++;
                        yield null;
                    }
                    yield Character.isSurrogate(c) ? "\uFFFD" : null;
                }
            };
            if (replacement != null) {
                out.append(value, plain, i);
                out.append(replacement);
                plain = i + 1;
            }
        }
        out.append(value, plain, length);
    }

    /** Escapes into a writer. */
    static void escape(String value, Writer out) throws IOException {
        escape(value, (Appendable) out);
    }
}
