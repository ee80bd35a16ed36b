package io.tally.application.service.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.domain.analytics.Period;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.analytics.BuiltInMeters;
import io.tally.domain.metric.BuiltInMetrics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-node cache of widget answers: served only at the watermark it was computed at and while young, bounded by cells, least recently used out first. */
class WidgetCacheTest {

    static final Instant T = Instant.parse("2026-11-04T12:00:00Z");
    static final Period PERIOD = new Period(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 4), TimeZoneId.UTC);

    static WidgetCache.Key key(String metric) {
        return new WidgetCache.Key(TenantId.of("acme"), QueryDefinition.read(Map.of("metric", metric), ""), PERIOD);
    }

    static WidgetCache.Entry entry(long watermark, Instant at) {
        return new WidgetCache.Entry(watermark, new AnalyticsResult(PERIOD, List.of(), false, List.of()), at);
    }

    @Test
    void anAnswerIsServedOnlyAtItsWatermarkAndWithinTheMaximumAge() {
        WidgetCache cache = new WidgetCache(10, Duration.ofSeconds(60));
        cache.put(key("calls"), entry(7, T));

        assertThat(cache.get(key("calls"), 7, T.plusSeconds(60))).isPresent();
        assertThat(cache.get(key("sessions"), 7, T)).as("another question").isEmpty();
        assertThat(cache.get(key("calls"), 8, T)).as("the data changed since").isEmpty();
        assertThat(cache.get(key("calls"), 7, T)).as("and the stale answer is gone").isEmpty();

        cache.put(key("calls"), entry(8, T));
        assertThat(cache.get(key("calls"), 8, T.plusSeconds(61))).as("older than a minute").isEmpty();
    }

    @Test
    void anAnswerOfAnOlderWatermarkDoesNotReplaceANewerOne() {
        WidgetCache cache = new WidgetCache(10, Duration.ofSeconds(60));
        cache.put(key("calls"), entry(8, T));
        // a slow widget of a call that read watermark 7 finishes after one that read 8
        cache.put(key("calls"), entry(7, T));

        assertThat(cache.get(key("calls"), 8, T)).isPresent();
    }

    /** An answer of one series with {@code groups} groups of {@code buckets} values: 1 + groups × (buckets + 1) cells. */
    static WidgetCache.Entry sized(int groups, int buckets) {
        List<AnalyticsResult.Group> rows = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            rows.add(new AnalyticsResult.Group(List.of("g" + g), Collections.nCopies(buckets, BigDecimal.ONE),
                    new AnalyticsResult.Total(BigDecimal.TEN, null, null)));
        }
        AnalyticsResult.SeriesResult series = new AnalyticsResult.SeriesResult(BuiltInMetrics.get(BuiltInMeters.CALLS), Optional.empty(),
                List.of("agent"), rows, Optional.empty(), BigDecimal.ZERO);
        return new WidgetCache.Entry(1, new AnalyticsResult(PERIOD, List.of(), false, List.of(series)), T);
    }

    @Test
    void itHoldsAtMostItsCapacityInCellsDroppingTheLeastRecentlyUsed() {
        // 1 + 2 × (3 + 1) = 9 cells each: three make 27, over a capacity of 20
        WidgetCache cache = new WidgetCache(20, Duration.ofSeconds(60));
        cache.put(key("calls"), sized(2, 3));
        cache.put(key("sessions"), sized(2, 3));
        cache.get(key("calls"), 1, T);
        cache.put(key("exports_generated"), sized(2, 3));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.cells()).isEqualTo(18);
        assertThat(cache.get(key("sessions"), 1, T)).as("the least recently used").isEmpty();
        assertThat(cache.get(key("calls"), 1, T)).isPresent();
        assertThat(cache.get(key("exports_generated"), 1, T)).isPresent();

        // 1 + 3 × (6 + 1) = 22 cells: more than the whole cache, not kept, and nothing else dropped for it
        cache.put(key("transcriptions"), sized(3, 6));
        assertThat(cache.get(key("transcriptions"), 1, T)).isEmpty();
        assertThat(cache.size()).isEqualTo(2);
    }
}
