package io.tally.application.port.out;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads that may be answered by a read replica (a hot standby), which is behind the primary by its replication lag.
 * A use case wraps the reads of an answer that may be that stale (analytics, summaries, dashboards) in
 * {@link #read}; the reads inside that the adapter can serve from the replica are then served there, and the answer
 * says how fresh it is. Writes, and reads that must see the caller's own writes, are never wrapped.
 */
public interface ReadReplicaPort {

    /** Everything on the primary: no replica is configured (and the in-memory fakes of the tests). */
    ReadReplicaPort PRIMARY_ONLY = new ReadReplicaPort() {
        @Override
        public <T> Replicated<T> read(Supplier<T> reads) {
            return new Replicated<>(reads.get(), Optional.empty());
        }
    };

    /**
     * Runs {@code reads}, on the replica where it can. Nested calls share the outer call's source.
     *
     * @return the value with {@code asOf}: empty when the value was read on the primary (it is current); else the
     * instant up to which the replica holds every change committed on the primary, a lower bound of the value's
     * freshness
     */
    <T> Replicated<T> read(Supplier<T> reads);

    /** A value and, when read on a replica, the instant it is current to. */
    record Replicated<T>(T value, Optional<Instant> asOf) {

        public Replicated {
            Objects.requireNonNull(asOf, "asOf");
        }
    }
}
