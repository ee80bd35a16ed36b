package io.tally.adapter.out.persistence.analytics;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.domain.usage.UsageEvent;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a batch of stored events adds to the 15-minute rollups, summed in memory per (type, measure, slot)
 * and written to {@code usage_rollup_pending} in the batch's transaction, as one row per event type of
 * parallel arrays: if the batch rolls back, so do its deltas; if it commits, every stored event is counted
 * exactly once. A batch scattered over many slots still writes one row per type, which keeps ingestion and
 * folding cheap.
 */
public final class RollupDeltas {

    static final long SLOT_SECONDS = 900;
    /** The rollup row of a type's plain event count. */
    static final String COUNT = "";

    private static final String INSERT = """
            INSERT INTO usage_rollup_pending (tenant_id, type, slots, measures, events, totals, minimums, maximums)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

    private record Key(String measure, long slot) {
    }

    private static final class Delta {
        long events;
        BigDecimal total;
        BigDecimal minimum;
        BigDecimal maximum;

        void add(BigDecimal value) {
            events++;
            if (value != null) {
                total = total == null ? value : total.add(value);
                minimum = minimum == null || value.compareTo(minimum) < 0 ? value : minimum;
                maximum = maximum == null || value.compareTo(maximum) > 0 ? value : maximum;
            }
        }
    }

    private RollupDeltas() {
    }

    /** The slot (its start, in seconds since the epoch) an instant falls in. */
    static long slotOf(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), SLOT_SECONDS) * SLOT_SECONDS;
    }

    public static void write(JdbcOperations jdbc, long tenantId, List<UsageEvent> stored) {
        if (stored.isEmpty()) {
            return;
        }
        Map<String, Map<Key, Delta>> byType = new TreeMap<>();
        for (UsageEvent event : stored) {
            Map<Key, Delta> deltas = byType.computeIfAbsent(event.type().value(), type -> new HashMap<>());
            long slot = slotOf(event.time());
            deltas.computeIfAbsent(new Key(COUNT, slot), key -> new Delta()).add(null);
            event.data().measures().forEach((measure, value) -> deltas.computeIfAbsent(new Key(measure, slot), key -> new Delta()).add(value));
        }
        jdbc.prepareStatement(INSERT, statement -> {
            Connection connection = statement.getConnection();
            for (Map.Entry<String, Map<Key, Delta>> type : byType.entrySet()) {
                int size = type.getValue().size();
                String[] slots = new String[size];
                String[] measures = new String[size];
                Long[] events = new Long[size];
                BigDecimal[] totals = new BigDecimal[size];
                BigDecimal[] minimums = new BigDecimal[size];
                BigDecimal[] maximums = new BigDecimal[size];
                int i = 0;
                for (Map.Entry<Key, Delta> entry : type.getValue().entrySet()) {
                    slots[i] = Instant.ofEpochSecond(entry.getKey().slot()).toString();
                    measures[i] = entry.getKey().measure();
                    events[i] = entry.getValue().events;
                    totals[i] = entry.getValue().total;
                    minimums[i] = entry.getValue().minimum;
                    maximums[i] = entry.getValue().maximum;
                    i++;
                }
                statement.setLong(1, tenantId);
                statement.setString(2, type.getKey());
                statement.setArray(3, connection.createArrayOf("timestamptz", slots));
                statement.setArray(4, connection.createArrayOf("text", measures));
                statement.setArray(5, connection.createArrayOf("int8", events));
                statement.setArray(6, connection.createArrayOf("numeric", totals));
                statement.setArray(7, connection.createArrayOf("numeric", minimums));
                statement.setArray(8, connection.createArrayOf("numeric", maximums));
                statement.addBatch();
            }
            return statement.executeBatch();
        });
    }
}
