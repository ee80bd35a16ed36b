package io.tally.adapter.out.export.presentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RunsTest {

    @Test
    void runsAreTheStretchesBetweenMissingValues() {
        BigDecimal one = BigDecimal.ONE;
        assertThat(Runs.of(Arrays.asList(null, one, one, null, one, null), 6)).containsExactly(new Runs.Run(1, 3), new Runs.Run(4, 5));
        assertThat(Runs.of(Arrays.asList(one, one, one), 2)).as("only the first count values").containsExactly(new Runs.Run(0, 2));
        assertThat(Runs.of(Arrays.asList(null, null), 2)).isEmpty();
    }
}
