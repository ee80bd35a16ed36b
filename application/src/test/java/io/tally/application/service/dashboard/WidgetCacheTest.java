package io.tally.application.service.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.domain.analytics.Period;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-node cache of widget answers: served only at the watermark it was computed at and while young, bounded, least recently used out first. */
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

    @Test
    void itHoldsAtMostItsCapacityDroppingTheLeastRecentlyUsed() {
        WidgetCache cache = new WidgetCache(2, Duration.ofSeconds(60));
        cache.put(key("calls"), entry(1, T));
        cache.put(key("sessions"), entry(1, T));
        cache.get(key("calls"), 1, T);
        cache.put(key("exports_generated"), entry(1, T));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(key("sessions"), 1, T)).as("the least recently used").isEmpty();
        assertThat(cache.get(key("calls"), 1, T)).isPresent();
        assertThat(cache.get(key("exports_generated"), 1, T)).isPresent();
    }
}
