package io.tally.adapter.out.export.csv;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * RFC 4180 rows written as UTF-8 bytes straight into a reused buffer: fields separated by commas, rows ended by CRLF, a
 * field quoted only when it holds a comma, a quote, a CR or an LF, its quotes doubled. This is the output
 * jackson-dataformat-csv gives with {@code STRICT_CHECK_FOR_QUOTING} (which {@code CsvWriterTest} checks on random text),
 * without a {@code String} per value: text is encoded as it is copied, numbers and times are written as digits.
 *
 * <p>A lone surrogate (never valid text; PostgreSQL stores none) is written as {@code ?}, as
 * {@link String#getBytes(java.nio.charset.Charset)} does. Not thread-safe: one per rendering. {@link #flush()} writes
 * the buffer out and flushes {@code out}; nothing closes it.
 */
final class CsvWriter {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private boolean firstInRow = true;

    CsvWriter(OutputStream out) {
        this.out = out;
    }

    /** Raw bytes, outside any row (a byte order mark). */
    void raw(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            ensure(1);
            buffer[position++] = b;
        }
    }

    /** Ends the row (CRLF); the next field starts a new one. A row is only ended once it has a field. */
    void endRow() throws IOException {
        if (!firstInRow) {
            lineEnd();
            firstInRow = true;
        }
    }

    /** An empty line. */
    void blankLine() throws IOException {
        lineEnd();
    }

    /** A text field as it is, quoted when needed. */
    void text(String value) throws IOException {
        text(false, value);
    }

    /**
     * A text field, quoted when needed; with {@code apostrophe} a {@code '} comes first (a neutralised formula: the
     * apostrophe never needs quoting, so the value alone decides).
     */
    void text(boolean apostrophe, String value) throws IOException {
        separator();
        int length = value.length();
        // the worst case: every char three bytes, every one a quote doubled, two quotes and an apostrophe
        int worst = 3 * length + length + 3;
        if (worst > BUFFER_SIZE) {
            large(apostrophe, value);
            return;
        }
        ensure(worst);
        int start = position;
        byte[] b = buffer;
        int p = position;
        if (apostrophe) {
            b[p++] = '\'';
        }
        boolean quote = false;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                    quote = true;
                    break;
                }
                b[p++] = (byte) c;
            } else {
                p = encode(value, i, c, b, p);
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                }
            }
        }
        if (!quote) {
            position = p;
            return;
        }
        p = start;
        b[p++] = '"';
        if (apostrophe) {
            b[p++] = '\'';
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (c == '"') {
                    b[p++] = '"';
                }
                b[p++] = (byte) c;
            } else {
                p = encode(value, i, c, b, p);
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                }
            }
        }
        b[p++] = '"';
        position = p;
    }

    /** A plain number ({@link BigDecimal#toPlainString()}), never quoted. */
    void number(BigDecimal value) throws IOException {
        ascii(value.toPlainString());
    }

    /** A field of ASCII text that needs no quoting (a plain number, a date). */
    void ascii(String value) throws IOException {
        separator();
        int length = value.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            buffer[position++] = (byte) value.charAt(i);
        }
    }

    /** An instant as {@code moments} formats it. */
    void moment(IsoMoments moments, Instant instant) throws IOException {
        separator();
        ensure(IsoMoments.MAX_LENGTH);
        position = moments.format(instant, buffer, position);
    }

    /** Writes what is buffered and flushes the stream. */
    void flush() throws IOException {
        drain();
        out.flush();
    }

    private void separator() throws IOException {
        if (firstInRow) {
            firstInRow = false;
        } else {
            ensure(1);
            buffer[position++] = ',';
        }
    }

    private void lineEnd() throws IOException {
        ensure(2);
        buffer[position++] = '\r';
        buffer[position++] = '\n';
    }

    /** A value too long for the buffer: encoded on its own, then copied through. */
    private void large(boolean apostrophe, String value) throws IOException {
        String text = apostrophe ? "'" + value : value;
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        byte[] bytes = (quote ? '"' + text.replace("\"", "\"\"") + '"' : text).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        drain();
        out.write(bytes);
    }

    /** Encodes the non-ASCII char at {@code i} (with its low surrogate, when it is a high one) at {@code p}; returns the new end. */
    private static int encode(String value, int i, char c, byte[] b, int p) {
        if (c < 0x800) {
            b[p++] = (byte) (0xC0 | (c >> 6));
            b[p++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                int code = Character.toCodePoint(c, value.charAt(i + 1));
                b[p++] = (byte) (0xF0 | (code >> 18));
                b[p++] = (byte) (0x80 | ((code >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((code >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (code & 0x3F));
            } else {
                b[p++] = '?';
            }
        } else {
            b[p++] = (byte) (0xE0 | (c >> 12));
            b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            b[p++] = (byte) (0x80 | (c & 0x3F));
        }
        return p;
    }

    private void ensure(int bytes) throws IOException {
        if (position + bytes > buffer.length) {
            drain();
        }
    }

    private void drain() throws IOException {
        if (position > 0) {
            out.write(buffer, 0, position);
            position = 0;
        }
    }
}
