package io.tally.adapter.in.web.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A response body written by a producer on its own thread while the server reads it: a bounded queue of
 * 64 KiB chunks between them, so a slow client slows the producer (and its database cursor) down instead of
 * filling memory. When the client goes away, the producer's next write fails and it stops; when the
 * producer fails, the body ends with an error, which aborts the response.
 */
final class StreamingBody extends InputStream {

    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS_IN_FLIGHT = 8;
    private static final byte[] END = new byte[0];
    private static final ExecutorService PRODUCERS = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("export-", 0).factory());

    /** Writes the body into the stream it is given. */
    @FunctionalInterface
    interface Producer {
        void writeTo(OutputStream out) throws IOException;
    }

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);
    private volatile boolean closed;
    private volatile Throwable failure;
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    private StreamingBody() {
    }

    /** Starts {@code producer} on a virtual thread and returns the body it writes. */
    static StreamingBody start(Producer producer) {
        StreamingBody body = new StreamingBody();
        PRODUCERS.execute(() -> {
            Sink sink = body.new Sink();
            try {
                producer.writeTo(sink);
                sink.close();
            } catch (Throwable e) {
                // the failure is set before the end is handed over, so the reader cannot take a cut body for a whole one
                body.failure = e;
                body.offer(END);
            }
        });
        return body;
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
        while (position == current.length) {
            if (ended) {
                return -1;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the export");
            }
            position = 0;
            if (current == END) {
                ended = true;
                current = new byte[0];
                if (failure != null) {
                    throw new IOException("the export failed while it was written", failure);
                }
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, bytes, offset, n);
        position += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
        chunks.clear();
    }

    /** Hands a chunk over, waiting while the reader is behind; false once the reader has closed. */
    private boolean offer(byte[] chunk) {
        try {
            while (!closed) {
                if (chunks.offer(chunk, 1, TimeUnit.SECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The producer's side: buffers a chunk and hands it over when full, and the end on close. */
    private final class Sink extends OutputStream {

        private byte[] buffer = new byte[CHUNK];
        private int filled;

        @Override
        public void write(int b) throws IOException {
            if (filled == buffer.length) {
                handOver();
            }
            buffer[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (filled == buffer.length) {
                    handOver();
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
            if (filled > 0) {
                handOver();
            }
            offer(END);
        }

        private void handOver() throws IOException {
            byte[] chunk = filled == buffer.length ? buffer : Arrays.copyOf(buffer, filled);
            if (!offer(chunk)) {
                throw new IOException("the client stopped reading the export");
            }
            buffer = new byte[CHUNK];
            filled = 0;
        }
    }
}
