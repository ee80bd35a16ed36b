package io.tally.domain.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeasurementsTest {

    private static final MeterKey CALLS = MeterKey.of("calls");
    private static final MeterKey BY_AGENT = MeterKey.of("calls_by_agent");

    @Test
    void readsPerMeterPerBucketPerGroup() {
        Measurements measured = Measurements.builder(List.of(CALLS, BY_AGENT), 2)
                .put(CALLS, 0, List.of(), Measurement.of(BigDecimal.valueOf(3)))
                .put(CALLS, 1, List.of(), Measurement.of(BigDecimal.valueOf(5)))
                .put(BY_AGENT, 1, List.of("ana"), Measurement.of(BigDecimal.valueOf(4)))
                .put(BY_AGENT, 1, Arrays.asList((String) null), Measurement.of(BigDecimal.ONE))
                .build();

        assertThat(measured.meters()).containsExactly(CALLS, BY_AGENT);
        assertThat(measured.bucketCount()).isEqualTo(2);
        assertThat(measured.of(CALLS).first().ungrouped().amount()).isEqualByComparingTo("3");
        assertThat(measured.of(CALLS).last().ungrouped().amount()).isEqualByComparingTo("5");
        assertThat(measured.of(BY_AGENT).bucket(1).get(List.of("ana")).amount()).isEqualByComparingTo("4");
        assertThat(measured.of(BY_AGENT).bucket(1).get(Arrays.asList((String) null)).amount()).isEqualByComparingTo("1");
        assertThat(measured.of(BY_AGENT).bucket(1).keys()).containsExactlyInAnyOrder(List.of("ana"), Arrays.asList((String) null));
    }

    @Test
    void aGroupNotMeasuredIsNoneAndAnEmptyBucketHasNoGroups() {
        Measurements measured = Measurements.builder(List.of(BY_AGENT), 2)
                .put(BY_AGENT, 1, List.of("ana"), Measurement.of(BigDecimal.ONE))
                .build();

        assertThat(measured.of(BY_AGENT).bucket(0).isEmpty()).isTrue();
        assertThat(measured.of(BY_AGENT).bucket(1).get(List.of("bob"))).isEqualTo(Measurement.NONE);
        assertThat(measured.of(BY_AGENT).bucket(1).contains(List.of("bob"))).isFalse();
    }

    @Test
    void onlyReadsTheSingleBucketOfAWholePeriod() {
        Measurements whole = Measurements.builder(List.of(CALLS), 1).put(CALLS, 0, List.of(), Measurement.of(BigDecimal.TEN)).build();
        Measurements series = Measurements.builder(List.of(CALLS), 3).build();

        assertThat(whole.only(CALLS).ungrouped().amount()).isEqualByComparingTo("10");
        assertThatThrownBy(() -> series.only(CALLS)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMeterThatWasNotMeasuredIsAnError() {
        Measurements measured = Measurements.builder(List.of(CALLS), 1).build();

        assertThatThrownBy(() -> measured.of(BY_AGENT)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calls_by_agent");
        assertThatThrownBy(() -> Measurements.builder(List.of(CALLS), 1).put(BY_AGENT, 0, List.of(), Measurement.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cannotBeChangedFromOutside() {
        List<String> key = new ArrayList<>(List.of("ana"));
        Measurements.Builder builder = Measurements.builder(List.of(BY_AGENT), 1).put(BY_AGENT, 0, key, Measurement.of(BigDecimal.ONE));
        Measurements measured = builder.build();
        key.set(0, "bob");

        assertThat(measured.only(BY_AGENT).keys()).containsExactly(List.of("ana"));
        assertThatThrownBy(() -> measured.only(BY_AGENT).keys().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> measured.only(BY_AGENT).keys().iterator().next().set(0, "eve")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> measured.of(BY_AGENT).buckets().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> builder.put(BY_AGENT, 0, List.of("eve"), Measurement.NONE)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void equalContentIsEqual() {
        Measurements one = Measurements.builder(List.of(CALLS), 1).put(CALLS, 0, List.of(), Measurement.of(BigDecimal.ONE)).build();
        Measurements other = Measurements.builder(List.of(CALLS), 1).put(CALLS, 0, List.of(), Measurement.of(BigDecimal.ONE)).build();

        assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
    }
}
