package io.tally.adapter.out.persistence.usage;

import io.tally.application.port.out.UsageHistoryPort.Row;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.copy.CopyOut;

/**
 * Reads the usage-history export's binary COPY ({@code occurred_at, type, source, event_id}, the dimensions as text, the
 * measures as numeric, {@code received_at}) and hands each row on, with two threads: a reader takes the rows off the
 * connection and decodes them, in batches of {@value #BATCH}, while the caller's thread hands the previous batches to
 * the consumer. A bounded queue of {@value #BATCHES_IN_FLIGHT} batches between them keeps memory constant: a slow
 * consumer holds the reader back, and PostgreSQL behind it. When the consumer fails (the client went away), the reader
 * stops, the rest of the COPY is read and dropped, and the failure is thrown; when the reader fails, likewise.
 *
 * <p>Decoding follows PostgreSQL's binary send functions: {@code timestamptz} is microseconds since 2000-01-01 UTC,
 * {@code text} is UTF-8, {@code numeric} is base-10000 digits with a weight, a sign and the display scale. A text equal
 * to the same column's value in the row before is that same {@code String} (type and source repeat on every row).
 */
final class HistoryCopy {

    static final int BATCH = 1_000;
    static final int BATCHES_IN_FLIGHT = 8;
    /** The binary COPY header: signature (11 bytes), flags (4), header extension length (4). */
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    private static final Row[] END = new Row[0];

    private final CopyOut copy;
    private final int dimensions;
    private final int measures;
    private final BlockingQueue<Row[]> batches = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
    /* per text column, where its last value's bytes are (messages are not reused) and the string made of them */
    private final byte[][] lastMessage;
    private final int[] lastAt;
    private final int[] lastLength;
    private final String[] lastString;
    private volatile boolean stopped;
    private volatile Throwable failure;
    private boolean headerRead;
    private byte[] message;
    private int at;

    private HistoryCopy(CopyOut copy, int dimensions, int measures) {
        this.copy = copy;
        this.dimensions = dimensions;
        this.measures = measures;
        this.lastMessage = new byte[3 + dimensions][];
        this.lastAt = new int[3 + dimensions];
        this.lastLength = new int[3 + dimensions];
        this.lastString = new String[3 + dimensions];
    }

    /** Reads every row of {@code copy} (a COPY of the export query in binary) and hands it to {@code consumer}, in order. */
    static void read(CopyOut copy, int dimensions, int measures, Consumer<Row> consumer) throws SQLException {
        new HistoryCopy(copy, dimensions, measures).run(consumer);
    }

    private void run(Consumer<Row> consumer) throws SQLException {
        Thread reader = Thread.ofVirtual().name("history-copy").start(this::readAll);
        try {
            for (Row[] batch = take(); batch != END; batch = take()) {
                for (Row row : batch) {
                    consumer.accept(row);
                }
            }
        } catch (Throwable e) {
            stopped = true;
            batches.clear();
            join(reader);
            try {
                drain();
            } catch (SQLException | RuntimeException drain) {
                e.addSuppressed(drain);
            }
            throw e;
        }
        join(reader);
        if (failure != null) {
            try {
                drain();
            } catch (SQLException | RuntimeException drain) {
                failure.addSuppressed(drain);
            }
            switch (failure) {
                case SQLException sql -> throw sql;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException("reading the usage history failed", failure);
            }
        }
    }

    /**
     * Reads the rest of the COPY without decoding it, so that the connection is left ready for the rollback. (A cancel
     * request would stop PostgreSQL sooner, but it reaches the server asynchronously and can cancel the statement after
     * the COPY instead: the rollback.)
     */
    private void drain() throws SQLException {
        while (copy.isActive() && copy.readFromCopy() != null) {
            // discarded
        }
    }

    private Row[] take() {
        try {
            return batches.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the usage history", e);
        }
    }

    private static void join(Thread reader) {
        boolean interrupted = false;
        while (true) {
            try {
                reader.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The reader: decodes rows into batches until the end, a failure or a stop; always ends with {@link #END}. */
    private void readAll() {
        try {
            Row[] batch = new Row[BATCH];
            int filled = 0;
            for (Row row = next(); row != null && !stopped; row = next()) {
                batch[filled++] = row;
                if (filled == BATCH) {
                    if (!hand(batch)) {
                        return;
                    }
                    batch = new Row[BATCH];
                    filled = 0;
                }
            }
            if (filled > 0 && !stopped) {
                hand(Arrays.copyOf(batch, filled));
            }
        } catch (Throwable e) {
            failure = e;
        } finally {
            hand(END);
        }
    }

    /** Queues a batch, waiting while the consumer is behind; false once the consumer has stopped. */
    private boolean hand(Row[] batch) {
        try {
            while (!stopped) {
                if (batches.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The next row, or null after the last. */
    private Row next() throws SQLException {
        while (message == null || at >= message.length) {
            message = copy.readFromCopy();
            at = 0;
            if (message == null) {
                return null;
            }
            if (!headerRead) {
                readHeader();
            }
        }
        int fields = int16();
        if (fields == -1) {
            // the trailer: the COPY ends with the next read
            message = null;
            return copy.readFromCopy() == null ? null : unexpected("data after the binary COPY's trailer");
        }
        if (fields != 5 + dimensions + measures) {
            return unexpected("a row of " + fields + " fields, not " + (5 + dimensions + measures));
        }
        Instant occurredAt = timestamp();
        String type = text(0);
        String source = text(1);
        String id = text(2);
        String[] dimensionValues = new String[dimensions];
        for (int i = 0; i < dimensions; i++) {
            dimensionValues[i] = text(3 + i);
        }
        BigDecimal[] measureValues = new BigDecimal[measures];
        for (int i = 0; i < measures; i++) {
            measureValues[i] = numeric();
        }
        return new Row(occurredAt, type, source, id, dimensionValues, measureValues, timestamp());
    }

    private void readHeader() throws SQLException {
        if (message.length < SIGNATURE.length + 8 || !Arrays.equals(message, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            unexpected("no binary COPY header");
        }
        at = SIGNATURE.length + 4;
        int extension = int32();
        at += extension;
        headerRead = true;
    }

    private Instant timestamp() throws SQLException {
        int length = int32();
        if (length == -1) {
            return null;
        }
        if (length != 8) {
            return unexpected("a timestamptz of " + length + " bytes");
        }
        long micros = int64();
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            return unexpected("an infinite timestamptz");
        }
        return Instant.ofEpochSecond(POSTGRES_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** A text field of text column {@code column} (0 type, 1 source, 2 id, 3… the dimensions). */
    private String text(int column) throws SQLException {
        int length = int32();
        if (length == -1) {
            return null;
        }
        byte[] last = lastMessage[column];
        String value;
        if (last != null && Arrays.equals(last, lastAt[column], lastAt[column] + lastLength[column], message, at, at + length)) {
            value = lastString[column];
        } else {
            value = new String(message, at, length, StandardCharsets.UTF_8);
            lastString[column] = value;
        }
        lastMessage[column] = message;
        lastAt[column] = at;
        lastLength[column] = length;
        at += length;
        return value;
    }

    /** A numeric field: {@code ndigits}, {@code weight}, {@code sign}, {@code dscale}, then the base-10000 digits. */
    private BigDecimal numeric() throws SQLException {
        int length = int32();
        if (length == -1) {
            return null;
        }
        int end = at + length;
        int digits = int16();
        int weight = (short) int16();
        int sign = int16() & 0xFFFF;
        int scale = int16();
        if (sign != 0x0000 && sign != 0x4000) {
            return unexpected("a numeric that is not a number (sign 0x" + Integer.toHexString(sign) + ")");
        }
        // the digits side by side are an integer whose last digit is at 10^(4 * (weight - digits + 1))
        int exponent = 4 * (weight - digits + 1);
        BigDecimal value;
        if (digits <= 4) {
            long unscaled = 0;
            for (int i = 0; i < digits; i++) {
                unscaled = unscaled * 10_000 + int16();
            }
            value = BigDecimal.valueOf(sign == 0x4000 ? -unscaled : unscaled, -exponent);
        } else {
            BigInteger unscaled = BigInteger.ZERO;
            BigInteger base = BigInteger.valueOf(10_000);
            for (int i = 0; i < digits; i++) {
                unscaled = unscaled.multiply(base).add(BigInteger.valueOf(int16()));
            }
            value = new BigDecimal(sign == 0x4000 ? unscaled.negate() : unscaled, -exponent);
        }
        at = end;
        // the display scale, as the text form shows it: digits past it are zeros (PostgreSQL sends no more than it shows)
        return value.setScale(scale, java.math.RoundingMode.UNNECESSARY);
    }

    private int int16() {
        int value = ((message[at] & 0xFF) << 8) | (message[at + 1] & 0xFF);
        at += 2;
        return (short) value;
    }

    private int int32() {
        int value = ((message[at] & 0xFF) << 24) | ((message[at + 1] & 0xFF) << 16) | ((message[at + 2] & 0xFF) << 8) | (message[at + 3] & 0xFF);
        at += 4;
        return value;
    }

    private long int64() {
        long high = int32() & 0xFFFF_FFFFL;
        long low = int32() & 0xFFFF_FFFFL;
        return (high << 32) | low;
    }

    private static <T> T unexpected(String what) throws SQLException {
        throw new SQLException("unexpected usage-history COPY: " + what);
    }
}
