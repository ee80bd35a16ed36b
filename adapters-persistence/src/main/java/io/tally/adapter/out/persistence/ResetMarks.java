package io.tally.adapter.out.persistence;

import io.tally.domain.analytics.MeterKey;
import io.tally.domain.plan.ResetMark;
import io.tally.domain.plan.ResetType;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The resets in force for one customer (not reverted), per meter, as four parallel arrays of one row, so that a
 * statement can read them beside the customer's own columns: the quota check reads the customer and its resets in
 * one statement. Ordered by meter, then time, then reset id.
 */
public final class ResetMarks {

    /**
     * Columns {@code reset_meters}, {@code reset_ids}, {@code reset_types}, {@code reset_times} (epoch microseconds)
     * of the customer {@code c} (a row of {@code customer}): {@code LEFT JOIN LATERAL} this {@code ON true}. Null
     * arrays when none.
     */
    public static final String IN_FORCE = """
            LEFT JOIN LATERAL (
                SELECT array_agg(m.meter ORDER BY m.meter, r.created_at, r.reset_id) AS reset_meters,
                       array_agg(r.reset_id ORDER BY m.meter, r.created_at, r.reset_id) AS reset_ids,
                       array_agg(r.reset_type ORDER BY m.meter, r.created_at, r.reset_id) AS reset_types,
                       array_agg((extract(epoch FROM r.created_at) * 1000000)::bigint ORDER BY m.meter, r.created_at, r.reset_id) AS reset_times
                  FROM usage_reset_customer rc
                  JOIN usage_reset r ON r.tenant_id = rc.tenant_id AND r.reset_id = rc.reset_id
                 CROSS JOIN unnest(r.meters) AS m (meter)
                 WHERE rc.tenant_id = c.tenant_id AND rc.customer_id = c.customer_id AND r.reverted_at IS NULL) resets ON true""";

    private ResetMarks() {
    }

    /** The marks of the current row's {@link #IN_FORCE} columns, per meter, in their order. */
    public static Map<MeterKey, List<ResetMark>> read(ResultSet row) throws SQLException {
        Map<MeterKey, List<ResetMark>> marks = new LinkedHashMap<>();
        Object[] meters = array(row.getArray("reset_meters"));
        if (meters.length == 0) {
            return marks;
        }
        Object[] ids = array(row.getArray("reset_ids"));
        Object[] types = array(row.getArray("reset_types"));
        Object[] times = array(row.getArray("reset_times"));
        for (int i = 0; i < meters.length; i++) {
            long micros = ((Number) times[i]).longValue();
            Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            UUID id = ids[i] instanceof UUID uuid ? uuid : UUID.fromString(ids[i].toString());
            marks.computeIfAbsent(MeterKey.of((String) meters[i]), meter -> new ArrayList<>())
                    .add(new ResetMark(id, ResetType.fromWireName((String) types[i], "reset_type"), at));
        }
        return marks;
    }

    private static Object[] array(Array array) throws SQLException {
        return array == null ? new Object[0] : (Object[]) array.getArray();
    }
}
