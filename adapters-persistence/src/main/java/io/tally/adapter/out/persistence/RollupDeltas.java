package io.tally.adapter.out.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.domain.usage.UsageEvent;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch of stored events adds to the 15-minute rollups, summed in memory per (type, measure, slot)
 * and written to {@code usage_rollup_pending} in one statement, in the batch's transaction: if the batch
 * rolls back, so do its deltas; if it commits, every stored event is counted exactly once.
 */
final class RollupDeltas {

    static final long SLOT_SECONDS = 900;
    /** The row of a type's plain event count. */
    static final String COUNT = "";

    private static final String INSERT = """
            INSERT INTO usage_rollup_pending (tenant_id, type, measure, slot, events, total, minimum, maximum)
            SELECT ?, type, measure, timestamptz 'epoch' + slot * interval '1 second', events, total, minimum, maximum
              FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::numeric[], ?::numeric[], ?::numeric[])
                AS d (type, measure, slot, events, total, minimum, maximum)""";

    private record Key(String type, String measure, long slot) {
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

    static void write(JdbcOperations jdbc, long tenantId, List<UsageEvent> stored) {
        if (stored.isEmpty()) {
            return;
        }
        Map<Key, Delta> deltas = new HashMap<>();
        for (UsageEvent event : stored) {
            long slot = slotOf(event.time());
            String type = event.type().value();
            deltas.computeIfAbsent(new Key(type, COUNT, slot), key -> new Delta()).add(null);
            event.data().measures().forEach((measure, value) ->
                    deltas.computeIfAbsent(new Key(type, measure, slot), key -> new Delta()).add(value));
        }
        int size = deltas.size();
        String[] types = new String[size];
        String[] measures = new String[size];
        Long[] slots = new Long[size];
        Long[] events = new Long[size];
        BigDecimal[] totals = new BigDecimal[size];
        BigDecimal[] minimums = new BigDecimal[size];
        BigDecimal[] maximums = new BigDecimal[size];
        int i = 0;
        for (Map.Entry<Key, Delta> entry : deltas.entrySet()) {
            types[i] = entry.getKey().type();
            measures[i] = entry.getKey().measure();
            slots[i] = entry.getKey().slot();
            events[i] = entry.getValue().events;
            totals[i] = entry.getValue().total;
            minimums[i] = entry.getValue().minimum;
            maximums[i] = entry.getValue().maximum;
            i++;
        }
        jdbc.prepareStatement(INSERT, statement -> {
            Connection connection = statement.getConnection();
            statement.setLong(1, tenantId);
            statement.setArray(2, connection.createArrayOf("text", types));
            statement.setArray(3, connection.createArrayOf("text", measures));
            statement.setArray(4, connection.createArrayOf("int8", slots));
            statement.setArray(5, connection.createArrayOf("int8", events));
            statement.setArray(6, connection.createArrayOf("numeric", totals));
            statement.setArray(7, connection.createArrayOf("numeric", minimums));
            statement.setArray(8, connection.createArrayOf("numeric", maximums));
            return statement.executeUpdate();
        });
    }
}
