package io.tally.adapter.out.persistence.analytics;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.adapter.out.persistence.Sql;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.MaxConcurrent;
import io.tally.domain.analytics.Measurement;
import io.tally.domain.analytics.Measurements;
import io.tally.domain.analytics.Meter;
import io.tally.domain.usage.EventType;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code max_concurrent} from {@code usage_event}: each event is an interval [time, time + measure seconds);
 * the intervals that can reach into the buckets are read and swept in Java by the domain's
 * {@link MaxConcurrent}. How far back to look is the longest value the measure has had for the tenant and
 * type, kept by the folder in {@code usage_measure_stats} (plus what is still pending), so a session that
 * began long before the period still counts. An ungrouped meter is 0 in every bucket without intervals; a
 * group shows only in the buckets where it peaks above 0.
 */
@Singleton
class PeakConcurrencySource {

    /** The largest value a measure has had, folded or still pending, or null. Parameters: tenant, type, measure, twice. */
    private static final String LONGEST = """
            SELECT max(m) FROM (
                SELECT maximum AS m FROM usage_measure_stats WHERE tenant_id = ? AND type = ? AND measure = ?
                UNION ALL
                SELECT max(maximum) FROM usage_rollup_pending_rows WHERE tenant_id = ? AND type = ? AND measure = ?) x""";

    /**
     * Every interval that can reach into the period. Slots: {@code {measure}}, {@code {groupColumns}},
     * {@code {customer}}, {@code {filter}}. Parameters: tenant, type, reach (from minus the longest value), to.
     */
    private static final String INTERVALS = """
            SELECT e.occurred_at, {measure}{groupColumns}
              FROM usage_event e
             WHERE e.tenant_id = ? AND e.type = ?{customer} AND e.occurred_at >= ? AND e.occurred_at < ?
               AND {filter}""";

    private final JdbcOperations jdbc;

    PeakConcurrencySource(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** One {@code max_concurrent} meter into {@code measured}. */
    void measure(EventScope scope, Meter meter, List<Bucket> buckets, Measurements.Builder measured) {
        BigDecimal longest = longest(scope.tenantId(), meter.eventType(), meter.measure().orElseThrow());
        if (longest == null || longest.signum() <= 0) {
            if (!meter.isGrouped()) {
                for (int i = 0; i < buckets.size(); i++) {
                    measured.put(meter.key(), i, List.of(), Measurement.of(BigDecimal.ZERO));
                }
            }
            return;
        }
        Instant reach = scope.from().minusSeconds(longest.setScale(0, RoundingMode.CEILING).longValueExact());
        EventScope reaching = scope.from(reach);
        List<String> groupBy = meter.groupBy();
        BoundSql query = BoundSql.fill(INTERVALS, Map.of(
                        "measure", EventSql.measure(meter.measure().orElseThrow()),
                        "groupColumns", EventSql.groupColumns(groupBy),
                        "customer", EventSql.customer(reaching),
                        "filter", EventSql.filter(meter.filters())),
                reaching.tenantId(), meter.eventType().value(), reaching.from(), reaching.to());
        Map<List<String>, List<MaxConcurrent.Interval>> intervals = new LinkedHashMap<>();
        if (!meter.isGrouped()) {
            intervals.put(List.of(), new ArrayList<>());
        }
        query.forEachRow(jdbc, rows -> {
            BigDecimal seconds = rows.getBigDecimal(2);
            if (seconds != null && seconds.signum() > 0) {
                Instant start = Sql.getInstant(rows, "occurred_at");
                Instant end = start.plusNanos(seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
                intervals.computeIfAbsent(EventSql.groupKey(rows, 3, groupBy.size()), key -> new ArrayList<>())
                        .add(new MaxConcurrent.Interval(start, end));
            }
        });
        intervals.forEach((key, list) -> {
            long[] peaks = MaxConcurrent.peaks(list, buckets);
            for (int i = 0; i < peaks.length; i++) {
                if (peaks[i] > 0 || !meter.isGrouped()) {
                    measured.put(meter.key(), i, key, Measurement.of(BigDecimal.valueOf(peaks[i])));
                }
            }
        });
    }

    private BigDecimal longest(long tenantId, EventType type, String measure) {
        return jdbc.prepareStatement(LONGEST, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, type.value());
            statement.setString(3, measure);
            statement.setLong(4, tenantId);
            statement.setString(5, type.value());
            statement.setString(6, measure);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getBigDecimal(1);
            }
        });
    }
}
