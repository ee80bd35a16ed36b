package io.tally.adapter.out.persistence.analytics;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.domain.analytics.Aggregation;
import io.tally.domain.analytics.Measurement;
import io.tally.domain.analytics.Measurements;
import io.tally.domain.analytics.Meter;
import io.tally.domain.usage.EventType;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.List;

/**
 * Tenant-wide, ungrouped, unfiltered {@code count}, {@code sum}, {@code avg}, {@code min} and {@code max} from the
 * 15-minute rollups: {@code usage_rollup} plus the deltas not folded yet ({@code usage_rollup_pending_rows}), in
 * one statement and so one snapshot, which counts every stored event exactly once whenever it runs (see
 * {@link RollupDeltas} and {@link UsageRollupFolder}). A type's plain event count is the rollup row of the measure
 * {@link RollupDeltas#COUNT}. Only for buckets on slot boundaries ({@link MeasurementPlan}).
 */
@Singleton
class RollupSource {

    /**
     * Parameters: the bucket starts, then tenant, type, measures, from, to for each of the two tables. The
     * measures are one {@code text[]}: a type's meters share the statement.
     */
    private static final String MEASURE = """
            SELECT r.measure, width_bucket(r.slot, ?), sum(r.events), sum(r.total), min(r.minimum), max(r.maximum)
              FROM (SELECT measure, slot, events, total, minimum, maximum FROM usage_rollup
                     WHERE tenant_id = ? AND type = ? AND measure = ANY (?::text[]) AND slot >= ? AND slot < ?
                    UNION ALL
                    SELECT measure, slot, events, total, minimum, maximum FROM usage_rollup_pending_rows
                     WHERE tenant_id = ? AND type = ? AND measure = ANY (?::text[]) AND slot >= ? AND slot < ?) r
             GROUP BY 1, 2""";

    private final JdbcOperations jdbc;

    RollupSource(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** The meters of one event type (all of them tenant-wide, ungrouped, unfiltered and rolled up) into {@code measured}. */
    void measure(EventScope scope, EventType type, List<Meter> meters, BucketStarts starts, Measurements.Builder measured) {
        String[] measures = meters.stream().map(RollupSource::rollupMeasure).distinct().toArray(String[]::new);
        BoundSql query = BoundSql.of(MEASURE, starts,
                scope.tenantId(), type.value(), measures, scope.from(), scope.to(),
                scope.tenantId(), type.value(), measures, scope.from(), scope.to());
        query.forEachRow(jdbc, rows -> {
            String measure = rows.getString(1);
            int bucket = rows.getInt(2) - 1;
            long events = rows.getLong(3);
            BigDecimal total = rows.getBigDecimal(4);
            BigDecimal minimum = rows.getBigDecimal(5);
            BigDecimal maximum = rows.getBigDecimal(6);
            for (Meter meter : meters) {
                if (!measure.equals(rollupMeasure(meter))) {
                    continue;
                }
                Measurement measurement = switch (meter.aggregation()) {
                    case COUNT -> Measurement.of(BigDecimal.valueOf(events));
                    case SUM -> Measurement.of(total);
                    case AVG -> new Measurement(total, events);
                    case MIN -> Measurement.of(minimum);
                    case MAX -> Measurement.of(maximum);
                    default -> throw new IllegalStateException("not rolled up: " + meter.aggregation());
                };
                measured.put(meter.key(), bucket, List.of(), measurement);
            }
        });
    }

    /** The rollup rows a meter reads: its measure's, or the plain event count's. */
    private static String rollupMeasure(Meter meter) {
        return meter.aggregation() == Aggregation.COUNT ? RollupDeltas.COUNT : meter.measure().orElseThrow();
    }
}
