package io.tally.adapter.out.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Files kept in PostgreSQL as numbered chunks of up to {@value #CHUNK_SIZE} bytes (export jobs' and schedule runs'),
 * written and read one chunk at a time so that a file's size never sits in memory. Each adapter says how a chunk is
 * stored (in a transaction of its own) and loaded.
 */
public final class ChunkedFiles {

    public static final int CHUNK_SIZE = 1 << 20;

    private ChunkedFiles() {
    }

    /** Stores chunk {@code seq} of a file. */
    @FunctionalInterface
    public interface ChunkSink {
        void store(int seq, byte[] chunk);
    }

    /** Loads chunk {@code seq} of a file; {@code null} when the file has no such chunk (it ended). */
    @FunctionalInterface
    public interface ChunkSource {
        byte[] load(int seq);
    }

    /**
     * A stream that buffers what is written and stores each full chunk; closing it stores the last (an empty file is
     * one empty chunk). A failure to store is an {@link IOException} naming the chunk and the file ({@code name}).
     */
    public static OutputStream writer(String name, ChunkSink sink) {
        return new Writer(name, sink);
    }

    /** A stream over a file's chunks, each loaded when the one before is read. */
    public static InputStream reader(String name, ChunkSource source) {
        return new Reader(name, source);
    }

    private static final class Writer extends OutputStream {

        private final String name;
        private final ChunkSink sink;
        private final byte[] buffer = new byte[CHUNK_SIZE];
        private int filled;
        private int seq;
        private boolean closed;

        Writer(String name, ChunkSink sink) {
            this.name = name;
            this.sink = sink;
        }

        @Override
        public void write(int b) throws IOException {
            if (filled == buffer.length) {
                store();
            }
            buffer[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (filled == buffer.length) {
                    store();
                }
                int n = Math.min(length, buffer.length - filled);
                System.arraycopy(bytes, offset, buffer, filled, n);
                filled += n;
                offset += n;
                length -= n;
            }
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                if (filled > 0 || seq == 0) {
                    store();
                }
            }
        }

        private void store() throws IOException {
            byte[] chunk = Arrays.copyOf(buffer, filled);
            int number = seq++;
            try {
                sink.store(number, chunk);
            } catch (RuntimeException e) {
                throw new IOException("could not store chunk " + number + " of " + name, e);
            }
            filled = 0;
        }
    }

    private static final class Reader extends InputStream {

        private final String name;
        private final ChunkSource source;
        private byte[] chunk = new byte[0];
        private int position;
        private int seq;
        private boolean finished;

        Reader(String name, ChunkSource source) {
            this.name = name;
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position == chunk.length) {
                if (finished || !next()) {
                    finished = true;
                    return -1;
                }
            }
            int n = Math.min(length, chunk.length - position);
            System.arraycopy(chunk, position, bytes, offset, n);
            position += n;
            return n;
        }

        private boolean next() throws IOException {
            int number = seq++;
            try {
                byte[] data = source.load(number);
                if (data == null) {
                    return false;
                }
                chunk = data;
                position = 0;
                return true;
            } catch (RuntimeException e) {
                throw new IOException("could not read chunk " + number + " of " + name, e);
            }
        }
    }
}
