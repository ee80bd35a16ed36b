package io.tally.adapter.out.persistence.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.analytics.Aggregation;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.usage.EventType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BoundSqlTest {

    @Test
    void aSlotsParametersGoWhereTheSlotStands() {
        BoundSql filled = BoundSql.fill("SELECT ? WHERE {a} AND x = ? OR {a}", Map.of("a", BoundSql.of("y = ?", "in a")), "first", "second");

        assertThat(filled.sql()).isEqualTo("SELECT ? WHERE y = ? AND x = ? OR y = ?");
        assertThat(filled.parameters()).containsExactly("first", "in a", "second", "in a");
    }

    @Test
    void parametersMustMatchTheQuestionMarksAndEverySlotNeedsAFragment() {
        assertThatThrownBy(() -> BoundSql.of("x = ? AND y = ?", "one")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BoundSql.of("x = ?", "one", "two")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BoundSql.fill("x = {missing}", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{missing}");
    }

    @Test
    void allMetersOfATypeAndGroupByAreOneStatementWithTheirValuesBound() {
        Meter completed = meter("completed", Aggregation.COUNT, null, null, Map.of("outcome", "completed"));
        Meter average = meter("average", Aggregation.AVG, "duration_s", null, Map.of());
        Meter agents = meter("agents", Aggregation.UNIQUE_COUNT, null, "agent", Map.of());
        Instant from = Instant.parse("2026-03-01T00:00:00Z");
        Instant to = Instant.parse("2026-03-02T00:00:00Z");
        BucketStarts starts = BucketStarts.of(List.of(new Bucket(from, to, "day")));

        BoundSql query = RawEventSource.query(new EventScope(7, Optional.of(42L), from, to), new MeasurementPlan.FromEvents(EventType.of("call"),
                List.of("region"), Optional.empty(), false, List.of(completed, average, agents)), TimeZoneId.UTC, starts);

        assertThat(query.sql()).isEqualTo("""
                SELECT bucket, g0, count(*) FILTER (WHERE (e.data ->> ? = ?)), \
                sum(CASE WHEN jsonb_typeof(e.data -> ?) = 'number' THEN (e.data ->> ?)::numeric END) FILTER (WHERE true), \
                count(CASE WHEN jsonb_typeof(e.data -> ?) = 'number' THEN (e.data ->> ?)::numeric END) FILTER (WHERE true), \
                count(DISTINCT e.data ->> ?) FILTER (WHERE true AND jsonb_typeof(e.data -> ?) = 'string')
                  FROM (SELECT width_bucket(e.occurred_at, ?) AS bucket, e.data ->> ? AS g0, e.occurred_at, e.source, e.event_id, e.data
                          FROM usage_event e
                         WHERE e.tenant_id = ? AND e.type = ? AND e.customer_id = ? AND e.occurred_at >= ? AND e.occurred_at < ?
                        OFFSET 0) e
                 GROUP BY bucket, g0""");
        assertThat(query.parameters()).containsExactly("outcome", "completed", "duration_s", "duration_s", "duration_s", "duration_s",
                "agent", "agent", starts, "region", 7L, "call", 42L, from, to);
    }

    @Test
    void theTenantsEventsNeedNoCustomerCondition() {
        Instant from = Instant.parse("2026-03-01T00:00:00Z");
        Instant to = Instant.parse("2026-03-02T00:00:00Z");
        BucketStarts starts = BucketStarts.of(List.of(new Bucket(from, to, "day")));

        BoundSql query = RawEventSource.query(new EventScope(7, Optional.empty(), from, to), new MeasurementPlan.FromEvents(EventType.of("call"),
                List.of(), Optional.empty(), false, List.of(meter("calls", Aggregation.COUNT, null, null, Map.of()))), TimeZoneId.UTC, starts);

        assertThat(query.sql()).contains("WHERE e.tenant_id = ? AND e.type = ? AND e.occurred_at >= ?").endsWith("GROUP BY bucket");
        assertThat(query.parameters()).containsExactly(starts, 7L, "call", from, to);
    }

    private static Meter meter(String key, Aggregation aggregation, String measure, String dimension, Map<String, String> filters) {
        return new Meter(MeterKey.of(key), key, Optional.empty(), EventType.of("call"), aggregation, Optional.ofNullable(measure),
                Optional.ofNullable(dimension), filters, List.of(), BigDecimal.ONE, Optional.empty(), false);
    }
}
