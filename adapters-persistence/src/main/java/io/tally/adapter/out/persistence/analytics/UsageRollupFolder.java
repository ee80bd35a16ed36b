package io.tally.adapter.out.persistence.analytics;

import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the deltas of {@code usage_rollup_pending} into {@code usage_rollup} (and each measure's largest value
 * into {@code usage_measure_stats}) every 5 seconds ({@code tally.rollups.fold-interval}), {@value #CHUNK} rows
 * (batches) per transaction, until none is left. Readers are exact whatever the interval; a longer one sums
 * more batches into each rollup row before writing it (at 1 second, the upserts cost ingestion about a tenth
 * of its throughput when events are scattered over a month), a shorter one leaves fewer deltas for readers to
 * add.
 * Each move deletes the pending rows and adds them to the rollups in one transaction, so a delta is always
 * in exactly one of the two tables; readers add both and are exact at any moment. Several nodes may fold at
 * once: rows are claimed with SKIP LOCKED and rollups are written in key order, so they neither count twice
 * nor deadlock.
 *
 * <p>Every move leaves dead rows behind, and readers scan the whole table: after moving rows, at most every
 * {@value #VACUUM_EVERY_SECONDS} seconds, the folder vacuums it, so that it keeps to the pages its live rows
 * need (autovacuum alone lets it grow to gigabytes while a year of history is loaded).
 */
@Singleton
public class UsageRollupFolder {

    static final int CHUNK = 1_000;
    static final int VACUUM_EVERY_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(UsageRollupFolder.class);

    private static final String FOLD = """
            WITH moved AS (
                DELETE FROM usage_rollup_pending
                 WHERE ctid = ANY (ARRAY(SELECT ctid FROM usage_rollup_pending %s LIMIT %d FOR UPDATE %s))
                RETURNING tenant_id, type, slots, measures, events, totals, minimums, maximums
            ), expanded AS (
                SELECT p.tenant_id, p.type, d.measure, d.slot, d.events, d.total, d.minimum, d.maximum
                  FROM moved p, unnest(p.slots, p.measures, p.events, p.totals, p.minimums, p.maximums)
                                AS d (slot, measure, events, total, minimum, maximum)
            ), summed AS (
                SELECT tenant_id, type, measure, slot, sum(events) AS events, sum(total) AS total,
                       min(minimum) AS minimum, max(maximum) AS maximum
                  FROM expanded GROUP BY tenant_id, type, measure, slot
            ), stats AS (
                INSERT INTO usage_measure_stats (tenant_id, type, measure, maximum)
                SELECT tenant_id, type, measure, max(maximum) FROM summed WHERE measure <> '' AND maximum IS NOT NULL
                 GROUP BY tenant_id, type, measure ORDER BY tenant_id, type, measure
                ON CONFLICT (tenant_id, type, measure) DO UPDATE SET maximum = greatest(usage_measure_stats.maximum, excluded.maximum)
            ), folded AS (
                INSERT INTO usage_rollup AS r (tenant_id, type, measure, slot, events, total, minimum, maximum)
                SELECT tenant_id, type, measure, slot, events, total, minimum, maximum FROM summed
                 ORDER BY tenant_id, type, measure, slot
                ON CONFLICT (tenant_id, type, measure, slot) DO UPDATE SET
                    events = r.events + excluded.events,
                    total = r.total + excluded.total,
                    minimum = least(r.minimum, excluded.minimum),
                    maximum = greatest(r.maximum, excluded.maximum)
            )
            SELECT count(*) FROM moved""";
    /** Any chunk no other folder is moving now. */
    private static final String FOLD_ANY = FOLD.formatted("", CHUNK, "SKIP LOCKED");
    /** A chunk of one tenant's deltas, waiting for a folder that is moving some of them to commit. */
    private static final String FOLD_TENANT = FOLD.formatted("WHERE tenant_id = ?", CHUNK, "");

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final ConnectionOperations<Connection> connections;
    private long movedSinceVacuum;
    private long lastVacuum = System.nanoTime();

    UsageRollupFolder(JdbcOperations jdbc, TransactionOperations<Connection> transactions, ConnectionOperations<Connection> connections) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.connections = connections;
    }

    /** Folds everything pending now (also called by tests, which set a long interval to see the pending state). */
    @Scheduled(fixedDelay = "${tally.rollups.fold-interval:5s}", initialDelay = "1s")
    public synchronized void foldAll() {
        try {
            int moved;
            do {
                moved = foldChunk();
                movedSinceVacuum += moved;
                if (movedSinceVacuum > 0 && System.nanoTime() - lastVacuum > Duration.ofSeconds(VACUUM_EVERY_SECONDS).toNanos()) {
                    vacuum();
                }
            } while (moved == CHUNK);
        } catch (RuntimeException e) {
            LOG.warn("could not fold rollup deltas; they stay pending and are read from there", e);
        }
    }

    /**
     * Folds every delta of the tenant pending now, waiting for the folds of other nodes that hold some of them: once it
     * returns, every delta committed before it began is in the rollups. For those that change the rollups of deltas they
     * wrote (privacy: a customer's share taken out). Runs in the caller's transaction; a failure is thrown.
     */
    public void foldTenant(long tenantId) {
        int moved;
        do {
            moved = transactions.executeWrite(status -> jdbc.prepareStatement(FOLD_TENANT, statement -> {
                statement.setLong(1, tenantId);
                try (var rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }));
        } while (moved > 0);
    }

    /** Vacuums the pending table (outside any transaction, as VACUUM must run). */
    public synchronized void vacuum() {
        connections.executeWrite(status -> {
            try (Statement statement = status.getConnection().createStatement()) {
                statement.execute("VACUUM usage_rollup_pending");
                return null;
            } catch (SQLException e) {
                throw new IllegalStateException("could not vacuum usage_rollup_pending", e);
            }
        });
        movedSinceVacuum = 0;
        lastVacuum = System.nanoTime();
    }

    /** Moves up to {@value #CHUNK} pending deltas; returns how many it moved. */
    int foldChunk() {
        return transactions.executeWrite(status -> jdbc.prepareStatement(FOLD_ANY, statement -> {
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }));
    }
}
