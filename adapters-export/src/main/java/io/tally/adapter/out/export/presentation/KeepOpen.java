package io.tally.adapter.out.export.presentation;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The caller's stream for a library that closes what it writes to (PDFBox, fastexcel, a writer): writes go straight
 * through, and closing only flushes, so the caller's stream stays open.
 */
public final class KeepOpen extends FilterOutputStream {

    public KeepOpen(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
