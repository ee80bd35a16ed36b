package io.tally.adapter.out.persistence.usage;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import io.tally.adapter.out.persistence.AfterCommit;
import io.tally.adapter.out.persistence.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the monthly partitions of {@code usage_event} in place: every six hours (and at start) for the
 * months from the widest late-arrival window back to three months ahead, and on demand for any month a
 * batch needs that is not known yet. On demand, the partition is created in the batch's own transaction
 * (so a batch never needs a second connection) and is remembered only once that transaction commits.
 */
@Singleton
class UsageEventPartitions {

    private static final Logger LOG = LoggerFactory.getLogger(UsageEventPartitions.class);
    private static final int MONTHS_AHEAD = 3;

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final AfterCommit afterCommit;
    private final Clock clock;
    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

    UsageEventPartitions(JdbcOperations jdbc, TransactionOperations<Connection> transactions, AfterCommit afterCommit, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.afterCommit = afterCommit;
        this.clock = clock;
    }

    @Scheduled(initialDelay = "0s", fixedDelay = "6h")
    void createAhead() {
        YearMonth now = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
        int lateDays = transactions.executeRead(status -> jdbc.prepareStatement(
                "SELECT coalesce(max(late_arrival_days), 400) FROM tenant", statement -> {
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        return rows.getInt(1);
                    }
                }));
        YearMonth oldest = YearMonth.from(clock.instant().minusSeconds(lateDays * 86_400L).atZone(ZoneOffset.UTC));
        Set<YearMonth> months = new TreeSet<>();
        for (YearMonth month = oldest; !month.isAfter(now.plusMonths(MONTHS_AHEAD)); month = month.plusMonths(1)) {
            months.add(month);
        }
        transactions.executeWrite(status -> {
            create(months);
            return null;
        });
        LOG.debug("usage_event partitions in place from {} to {}", oldest, now.plusMonths(MONTHS_AHEAD));
    }

    /** Makes sure the partitions for these instants exist. */
    void ensureFor(Collection<Instant> times) {
        Set<YearMonth> needed = new TreeSet<>();
        for (Instant time : times) {
            YearMonth month = YearMonth.from(time.atZone(ZoneOffset.UTC));
            if (!known.contains(month)) {
                needed.add(month);
            }
        }
        if (!needed.isEmpty()) {
            create(needed);
        }
    }

    /** Creates the months' partitions in the current transaction; they are remembered once it commits. */
    private void create(Set<YearMonth> months) {
        for (YearMonth month : months) {
            jdbc.prepareStatement("SELECT usage_event_ensure_partition(?)", statement -> {
                Sql.setInstant(statement, 1, month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
                statement.execute();
                return null;
            });
        }
        afterCommit.run(() -> known.addAll(months));
    }
}
