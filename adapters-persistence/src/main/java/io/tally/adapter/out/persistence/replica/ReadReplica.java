package io.tally.adapter.out.persistence.replica;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read replica ({@code TALLY_DB_READ_URL}, a hot standby of the primary): a connection pool of its own and
 * whether it may be read now. It is not a Micronaut data source: Flyway never migrates it, and the JDBC health check
 * (which fails the node) does not look at it.
 *
 * <p>It is read only while it is {@link State#UP}: it answered its last check, and was at most {@code max-lag}
 * behind. A failed connection or statement marks it {@link State#DOWN} at once, so that the requests after it go to
 * the primary without waiting for a connect timeout; a check every {@code probe-interval} in the background brings
 * it back (and measures the lag the gauge and the health check show).
 *
 * <p><b>How fresh it is</b> ({@link #check}): a standby streaming from its primary that has replayed all the WAL it
 * received is current (its clock's now, the time it is behind the primary is the time the WAL takes to arrive);
 * otherwise it holds every transaction up to the last one it replayed, {@code pg_last_xact_replay_timestamp()}. A
 * database that is not in recovery (a primary configured as the replica, as the tests do) is current.
 */
@Singleton
public final class ReadReplica {

    /** Where the replica stands. */
    public enum State {
        /** Not configured: everything is read on the primary. */
        NONE,
        /** Configured, not checked yet: read on the primary until the first check answers. */
        UNKNOWN,
        /** Answering and at most max-lag behind: analytics reads go to it. */
        UP,
        /** Answering, but further behind than max-lag (or has replayed nothing yet): reads go to the primary. */
        LAGGING,
        /** Unreachable or failing: reads go to the primary. */
        DOWN
    }

    /** The replica's state at {@code checkedAt}; its lag when it answered, the problem when it did not. */
    public record Status(State state, Optional<Duration> lag, Optional<String> problem, Instant checkedAt) {
    }

    /** What one check measured: the instant the replica is current to and its lag then. */
    record Freshness(Instant asOf, Duration lag) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReadReplica.class);

    // The instant the standby is current to; see the class comment. clock_timestamp(), not now(): it is not a
    // transaction's start (pgjdbc's read-only mode opens one around the statement).
    private static final String FRESHNESS = """
            SELECT CASE WHEN NOT pg_is_in_recovery() THEN clock_timestamp()
                        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
                             AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') THEN clock_timestamp()
                        ELSE pg_last_xact_replay_timestamp() END AS as_of,
                   clock_timestamp() AS now""";

    private final HikariDataSource pool;
    private final Duration maxLag;
    private final ScheduledExecutorService prober;
    private final Clock clock;
    private volatile Status status;

    ReadReplica(@Nullable @Value("${tally.db.read.url:}") String url,
                @Nullable @Value("${tally.db.read.username:}") String username,
                @Nullable @Value("${tally.db.read.password:}") String password,
                @Value("${datasources.default.username:postgres}") String primaryUser,
                @Nullable @Value("${datasources.default.password:}") String primaryPassword,
                @Value("${tally.db.read.max-lag:30s}") Duration maxLag,
                @Value("${tally.db.read.probe-interval:5s}") Duration probeInterval,
                @Value("${tally.db.read.connect-timeout:1s}") Duration connectTimeout,
                @Value("${tally.db.read.pool-size:16}") int poolSize,
                Clock clock) {
        this.maxLag = maxLag;
        this.clock = clock;
        if (url == null || url.isBlank()) {
            this.pool = null;
            this.prober = null;
            this.status = new Status(State.NONE, Optional.empty(), Optional.empty(), clock.instant());
            return;
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("replica");
        config.setJdbcUrl(url.strip());
        config.setUsername(username == null || username.isBlank() ? primaryUser : username);
        config.setPassword(password == null || password.isEmpty() ? primaryPassword : password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
        config.setValidationTimeout(Math.max(250, connectTimeout.toMillis()));
        // start whether or not the replica answers: the node serves from the primary meanwhile
        config.setInitializationFailTimeout(-1);
        // nothing written through this pool can ever succeed on a standby; on a database that is not one, this makes
        // any write routed here fail as it would there (pgjdbc then opens a read-only transaction for every statement)
        config.setReadOnly(true);
        config.addDataSourceProperty("readOnlyMode", "always");
        config.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, connectTimeout.toSeconds() + 1)));
        config.addDataSourceProperty("ApplicationName", "tally-replica-reads");
        this.pool = new HikariDataSource(config);
        this.status = new Status(State.UNKNOWN, Optional.empty(), Optional.empty(), clock.instant());
        this.prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "replica-probe");
            thread.setDaemon(true);
            return thread;
        });
        prober.scheduleWithFixedDelay(this::probe, 0, Math.max(100, probeInterval.toMillis()), TimeUnit.MILLISECONDS);
        LOG.info("analytics reads go to the read replica {} while it answers and is at most {} behind", config.getJdbcUrl(), maxLag);
    }

    /** Whether a replica is configured at all. */
    public boolean configured() {
        return pool != null;
    }

    /** The replica's state as last seen (by a check or by a request that failed on it). */
    public Status status() {
        return status;
    }

    /** Whether reads may go to the replica now. */
    boolean usable() {
        return status.state() == State.UP;
    }

    /** A connection of the replica's pool; empty (and the replica marked down) when none can be had. */
    Optional<Connection> borrow() {
        try {
            return Optional.of(pool.getConnection());
        } catch (SQLException e) {
            failed(e);
            return Optional.empty();
        }
    }

    /**
     * How fresh the replica is, checked on one of its connections; empty (and the replica marked down or lagging) when
     * it cannot be read now.
     */
    Optional<Freshness> freshness() {
        try (Connection connection = pool.getConnection()) {
            Freshness freshness = check(connection);
            if (freshness == null) {
                return Optional.empty();
            }
            return Optional.of(freshness);
        } catch (SQLException e) {
            failed(e);
            return Optional.empty();
        }
    }

    /** Marks the replica down after {@code problem}, until a check finds it answering again. */
    void failed(Throwable problem) {
        Status was = status;
        status = new Status(State.DOWN, Optional.empty(), Optional.of(String.valueOf(problem.getMessage())), clock.instant());
        if (was.state() != State.DOWN) {
            LOG.warn("the read replica failed ({}); analytics reads go to the primary until it answers again", problem.toString());
        }
    }

    /** The check: the freshness, and the state it puts the replica in; null when it may not be read now. */
    private Freshness check(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(FRESHNESS)) {
            rows.next();
            OffsetDateTime asOf = rows.getObject("as_of", OffsetDateTime.class);
            OffsetDateTime now = rows.getObject("now", OffsetDateTime.class);
            Instant at = clock.instant();
            if (asOf == null) {
                update(new Status(State.LAGGING, Optional.empty(), Optional.of("the replica has not replayed a transaction yet"), at));
                return null;
            }
            Duration lag = Duration.between(asOf, now);
            lag = lag.isNegative() ? Duration.ZERO : lag;
            if (lag.compareTo(maxLag) > 0) {
                update(new Status(State.LAGGING, Optional.of(lag), Optional.of("the replica is " + lag + " behind, more than " + maxLag), at));
                return null;
            }
            update(new Status(State.UP, Optional.of(lag), Optional.empty(), at));
            return new Freshness(asOf.toInstant(), lag);
        }
    }

    private void update(Status next) {
        Status was = status;
        status = next;
        if (was.state() != next.state() && next.state() == State.UP) {
            LOG.info("the read replica answers; analytics reads go to it again");
        } else if (was.state() != next.state() && next.state() == State.LAGGING) {
            LOG.warn("{}; analytics reads go to the primary", next.problem().orElse("the replica lags"));
        }
    }

    private void probe() {
        try (Connection connection = pool.getConnection()) {
            check(connection);
        } catch (SQLException | RuntimeException e) {
            failed(e);
        }
    }

    @PreDestroy
    void close() {
        if (pool != null) {
            prober.shutdownNow();
            pool.close();
        }
    }
}
