package io.tally.adapter.out.persistence.replica;

import io.micronaut.data.connection.ConnectionDefinition;
import io.micronaut.data.connection.ConnectionOperations;
import io.tally.application.port.out.ReadReplicaPort;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which reads go to the read replica: those an adapter makes {@link #connected} (it only reads, and may be stale),
 * while the thread runs a use case's {@link #read} (its answer may be stale) and no connection is open already (a
 * transaction's reads stay in the transaction, on the primary). Everything else, writes included, is never
 * routed, whatever the thread does. Without a usable replica both are plain connections of the primary.
 *
 * <p>A read that fails on the replica because the replica went away (a connection error, an administrator's
 * shutdown, a replay conflict that cancelled the statement) marks it down and is run again on the primary.
 */
@Singleton
public final class ReplicaReads implements ReadReplicaPort {

    /** The use case's read in progress on this thread, when it reads on the replica. */
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();
    /** Set while an adapter's routed connection is opened: the data source takes it (once) and opens it on the replica. */
    private static final ThreadLocal<Scope> ROUTE = new ThreadLocal<>();

    /** One use case's read on the replica: the instant the replica was current to when it began, and whether it was used. */
    static final class Scope {
        private final ReadReplica replica;
        private final Instant asOf;
        private volatile boolean usedReplica;

        Scope(ReadReplica replica, Instant asOf) {
            this.replica = replica;
            this.asOf = asOf;
        }
    }

    private final ReadReplica replica;
    private final ConnectionOperations<Connection> connections;

    ReplicaReads(ReadReplica replica, ConnectionOperations<Connection> connections) {
        this.replica = replica;
        this.connections = connections;
    }

    @Override
    public <T> Replicated<T> read(Supplier<T> reads) {
        Scope outer = CURRENT.get();
        if (outer != null) {
            return new Replicated<>(reads.get(), Optional.of(outer.asOf));
        }
        if (!replica.usable()) {
            return new Replicated<>(reads.get(), Optional.empty());
        }
        Optional<ReadReplica.Freshness> freshness = replica.freshness();
        if (freshness.isEmpty()) {
            return new Replicated<>(reads.get(), Optional.empty());
        }
        Scope scope = new Scope(replica, freshness.get().asOf());
        T value;
        CURRENT.set(scope);
        try {
            value = reads.get();
        } catch (RuntimeException e) {
            if (!scope.usedReplica || !replicaWentAway(e)) {
                throw e;
            }
            replica.failed(e);
            CURRENT.remove();
            return new Replicated<>(reads.get(), Optional.empty());
        } finally {
            CURRENT.remove();
        }
        return new Replicated<>(value, scope.usedReplica ? Optional.of(scope.asOf) : Optional.empty());
    }

    /**
     * Runs an adapter's reads on a connection, as {@code @Connectable} would: on the replica when a use case's
     * {@link #read} is in progress and no connection is open on this thread yet, else on the primary.
     */
    public <T> T connected(Supplier<T> work) {
        Scope scope = CURRENT.get();
        if (scope == null || connections.findConnectionStatus().isPresent()) {
            return onPrimary(work);
        }
        ROUTE.set(scope);
        try {
            return connections.execute(ConnectionDefinition.DEFAULT, status -> work.get());
        } finally {
            ROUTE.remove();
        }
    }

    /** Runs an adapter's statements on the primary's connection (the open one, or a new one): {@code @Connectable}. */
    public <T> T onPrimary(Supplier<T> work) {
        return connections.execute(ConnectionDefinition.DEFAULT, status -> work.get());
    }

    /**
     * The connection the data source opens now: on the replica when an adapter asked for a routed one (and the replica
     * gives one); empty for the primary's.
     */
    static Optional<Connection> routed() {
        Scope scope = ROUTE.get();
        if (scope == null) {
            return Optional.empty();
        }
        ROUTE.remove();
        Optional<Connection> connection = scope.replica.borrow();
        connection.ifPresent(opened -> scope.usedReplica = true);
        return connection;
    }

    /** Whether {@code e} says the replica's connection broke or its statement was cancelled by the standby. */
    static boolean replicaWentAway(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exceptions; 57P0x: admin or crash shutdown, cannot connect now; 40001: cancelled by
                // a conflict with recovery on a standby (serialization_failure is how PostgreSQL reports it)
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("40001")) {
                    return true;
                }
            }
        }
        return false;
    }
}
