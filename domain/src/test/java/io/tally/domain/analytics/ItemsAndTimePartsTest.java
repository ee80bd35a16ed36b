package io.tally.domain.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.usage.EventType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The @ dimensions of an item's time, across a daylight-saving change, and what a meter with a join may be. */
class ItemsAndTimePartsTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void timePartsAreLocalOnBothSidesOfAClockChange() {
        // New York moved from -05:00 to -04:00 at 07:00 UTC on Sunday 8 March 2026
        Instant beforeChange = Instant.parse("2026-03-08T06:30:00Z");
        Instant afterChange = Instant.parse("2026-03-08T07:30:00Z");

        assertThat(DerivedDimension.WEEKDAY_HOUR.valueAt(beforeChange, NEW_YORK)).isEqualTo("Sun 01:00");
        // 02:00 to 03:00 never happened there: an hour later on the clock of the world is 03:30
        assertThat(DerivedDimension.WEEKDAY_HOUR.valueAt(afterChange, NEW_YORK)).isEqualTo("Sun 03:00");
        assertThat(DerivedDimension.HOUR.valueAt(afterChange, NEW_YORK)).isEqualTo("03");
        assertThat(DerivedDimension.WEEKDAY.valueAt(Instant.parse("2026-03-09T03:59:00Z"), NEW_YORK)).isEqualTo("Sun");
        assertThat(DerivedDimension.WEEKDAY.valueAt(Instant.parse("2026-03-09T04:00:00Z"), NEW_YORK)).isEqualTo("Mon");
    }

    @Test
    void derivedDimensionsAreKnownByName() {
        assertThat(DerivedDimension.isDerived("@weekday_hour")).isTrue();
        assertThat(DerivedDimension.isDerived("@colour")).isFalse();
        assertThat(DerivedDimension.isDerived("weekday")).isFalse();
    }

    @Test
    void aMeterMayGroupByTimePartsAndWithAJoinTellItsItemsOwnEvent() {
        Meter byHour = meter(Aggregation.COUNT, Map.of(), List.of("@hour"), Optional.empty());
        Meter firsts = meter(Aggregation.COUNT, Map.of("@first", "true"), List.of(), Optional.of(ItemJoin.of("order.placed", "buyer")));

        assertThat(byHour.readsItems()).isTrue();
        assertThat(firsts.readsItems()).isTrue();
        assertThat(meter(Aggregation.COUNT, Map.of(), List.of("agent"), Optional.empty()).readsItems()).isFalse();
        // narrowed by a question, it keeps its join
        assertThat(firsts.narrowed(Map.of("vendor", "v1"), List.of("@weekday")).join()).isEqualTo(firsts.join());
    }

    @Test
    void firstNeedsAJoinAndJoinsAreForAggregatesOfEvents() {
        assertThatThrownBy(() -> meter(Aggregation.COUNT, Map.of("@first", "true"), List.of(), Optional.empty()))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("needs a join");
        assertThatThrownBy(() -> new Meter(MeterKey.of("peak"), "Peak", Optional.empty(), EventType.of("session"), Aggregation.MAX_CONCURRENT,
                Optional.of("duration_s"), Optional.empty(), Map.of(), List.of("@hour"), BigDecimal.ONE, Optional.empty(), false))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("not max_concurrent");
        assertThatThrownBy(() -> ItemJoin.of("order.placed", "@buyer")).isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("join.on"));
        assertThatThrownBy(() -> meter(Aggregation.COUNT, Map.of("@colour", "red"), List.of(), Optional.empty()))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("is not a data name");
    }

    private static Meter meter(Aggregation aggregation, Map<String, String> filters, List<String> groupBy, Optional<ItemJoin> join) {
        return new Meter(MeterKey.of("m"), "M", Optional.empty(), EventType.of("order.placed"), aggregation, Optional.empty(), Optional.empty(),
                filters, groupBy, BigDecimal.ONE, Optional.empty(), false, join);
    }
}
