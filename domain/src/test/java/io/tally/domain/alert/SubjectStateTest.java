package io.tally.domain.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.common.InvalidValueException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The state machine of one subject of an alert rule, driven by series whose transitions are counted by hand. */
class SubjectStateTest {

    static final Instant START = Instant.parse("2027-03-01T00:00:00Z");
    static final BigDecimal THRESHOLD = new BigDecimal("100");

    static AlertCondition above(String clear, int forEvaluations) {
        return new AlertCondition(AlertOp.ABOVE, THRESHOLD, Optional.ofNullable(clear).map(BigDecimal::new), forEvaluations, NoDataPolicy.NO_DATA);
    }

    /** Runs the values through the machine from ok, one evaluation every 5 minutes; answers the transitions. */
    static List<SubjectState.Transition> drive(AlertCondition condition, List<Optional<BigDecimal>> values) {
        SubjectState state = SubjectState.initial(START);
        List<SubjectState.Transition> transitions = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            SubjectState.Outcome outcome = state.evaluate(condition, values.get(i), START.plus(Duration.ofMinutes(5L * i)));
            outcome.transition().ifPresent(transitions::add);
            state = outcome.next();
        }
        return transitions;
    }

    /**
     * 24 hours every 5 minutes (288 values) of 100 × (1 + 1 % × sin(2π i / 12)): a wave of one hour around the threshold.
     * i ≡ 0 and 6 (mod 12) give exactly 100; i ≡ 1…5 are above it (up to 101), i ≡ 7…11 below (down to 99). Then one value
     * of 90.
     */
    static List<Optional<BigDecimal>> wobbleThenDrop() {
        List<Optional<BigDecimal>> values = new ArrayList<>();
        for (int i = 0; i < 288; i++) {
            BigDecimal wave = BigDecimal.valueOf(Math.sin(2 * Math.PI * i / 12)).setScale(6, RoundingMode.HALF_UP);
            values.add(Optional.of(THRESHOLD.multiply(BigDecimal.ONE.add(wave.movePointLeft(2)))));
        }
        values.add(Optional.of(new BigDecimal("90")));
        return values;
    }

    static long count(List<SubjectState.Transition> transitions, AlertState to) {
        return transitions.stream().filter(t -> t.to() == to).count();
    }

    @Nested
    class Hysteresis {

        @Test
        void aValueWobblingOnePercentAroundTheThresholdForADayFiresOnceAndResolvesOnceWithAClearThresholdFivePercentAway() {
            List<SubjectState.Transition> transitions = drive(above("95", 1), wobbleThenDrop());

            assertThat(transitions).hasSize(2);
            assertThat(transitions.get(0).to()).isEqualTo(AlertState.FIRING);
            assertThat(transitions.get(0).at()).as("i = 1, the first value above 100").isEqualTo(START.plus(Duration.ofMinutes(5)));
            assertThat(transitions.get(1).resolves()).isTrue();
            assertThat(transitions.get(1).value()).contains(new BigDecimal("90"));
            assertThat(transitions.get(1).at()).isEqualTo(START.plus(Duration.ofMinutes(5L * 288)));
            assertThat(transitions).allMatch(SubjectState.Transition::notifies);
        }

        @Test
        void withoutAClearThresholdEveryCrossingCounts() {
            List<SubjectState.Transition> transitions = drive(above(null, 1), wobbleThenDrop());

            // each hour fires at i ≡ 1 (101 × sin, above) and resolves at i ≡ 6 (exactly 100: not above, so safe): 24 of each;
            // the final 90 finds the rule already ok
            assertThat(count(transitions, AlertState.FIRING)).isEqualTo(24);
            assertThat(transitions.stream().filter(SubjectState.Transition::resolves).count()).isEqualTo(24);
            assertThat(transitions).hasSize(48);
        }

        @Test
        void aFiringRuleInsideTheBandStaysFiring() {
            List<SubjectState.Transition> transitions = drive(above("95", 1), List.of(Optional.of(new BigDecimal("120")),
                    Optional.of(new BigDecimal("96")), Optional.of(new BigDecimal("95.01")), Optional.of(new BigDecimal("95"))));
            assertThat(transitions).extracting(SubjectState.Transition::to).containsExactly(AlertState.FIRING, AlertState.OK);
            assertThat(transitions.get(1).value()).contains(new BigDecimal("95"));
        }
    }

    @Nested
    class Comparisons {

        @Test
        void equalityNeverFiresEitherWay() {
            assertThat(drive(above(null, 1), List.of(Optional.of(new BigDecimal("100.000"))))).isEmpty();
            AlertCondition below = new AlertCondition(AlertOp.BELOW, THRESHOLD, Optional.empty(), 1, NoDataPolicy.NO_DATA);
            assertThat(drive(below, List.of(Optional.of(new BigDecimal("100"))))).isEmpty();
            assertThat(drive(below, List.of(Optional.of(new BigDecimal("99.99"))))).extracting(SubjectState.Transition::to)
                    .containsExactly(AlertState.FIRING);
        }

        @Test
        void aClearThresholdMustBeOnTheSafeSide() {
            assertThatThrownBy(() -> above("105", 1)).isInstanceOf(InvalidValueException.class).hasMessageStartingWith("must be below the threshold (100)")
                    .extracting("field").isEqualTo("condition.clear_threshold");
            assertThatThrownBy(() -> above("100", 1)).hasMessageStartingWith("must be below the threshold");
            assertThatThrownBy(() -> new AlertCondition(AlertOp.BELOW, THRESHOLD, Optional.of(new BigDecimal("90")), 1, NoDataPolicy.NO_DATA))
                    .hasMessageStartingWith("must be above the threshold (100) for 'below'");
            assertThatThrownBy(() -> above(null, 0)).hasMessage("must be 1 to 100").extracting("field").isEqualTo("condition.for_evaluations");
        }
    }

    @Nested
    class ConsecutiveBreaches {

        @Test
        void forThreeEvaluationsFiresOnTheThirdBreachInARow() {
            List<Optional<BigDecimal>> values = List.of(Optional.of(new BigDecimal("101")), Optional.of(new BigDecimal("102")),
                    Optional.of(new BigDecimal("99")), Optional.of(new BigDecimal("101")), Optional.of(new BigDecimal("101")),
                    Optional.of(new BigDecimal("101")), Optional.of(new BigDecimal("101")));
            List<SubjectState.Transition> transitions = drive(above(null, 3), values);

            assertThat(transitions).extracting(SubjectState.Transition::to).containsExactly(AlertState.PENDING, AlertState.OK, AlertState.PENDING,
                    AlertState.FIRING);
            assertThat(transitions.getLast().at()).as("the sixth value, the third breach in a row").isEqualTo(START.plus(Duration.ofMinutes(25)));
            assertThat(transitions).filteredOn(SubjectState.Transition::notifies).hasSize(1);
        }
    }

    @Nested
    class NoData {

        @Test
        void noDataIsAStateOfItsOwnThatNeitherFiresNorResolves() {
            List<Optional<BigDecimal>> values = List.of(Optional.empty(), Optional.of(new BigDecimal("150")), Optional.empty(), Optional.empty(),
                    Optional.of(new BigDecimal("50")));
            List<SubjectState.Transition> transitions = drive(above(null, 1), values);

            // ok → no_data (silent); → firing (notified); no data keeps it firing; 50 resolves it
            assertThat(transitions).extracting(SubjectState.Transition::to).containsExactly(AlertState.NO_DATA, AlertState.FIRING, AlertState.OK);
            assertThat(transitions).extracting(SubjectState.Transition::notifies).containsExactly(false, true, true);
        }

        @Test
        void aRuleMayCountNoDataAsBreachingOrAsOk() {
            AlertCondition breaching = new AlertCondition(AlertOp.ABOVE, THRESHOLD, Optional.empty(), 2, NoDataPolicy.BREACHING);
            assertThat(drive(breaching, List.of(Optional.empty(), Optional.empty()))).extracting(SubjectState.Transition::to)
                    .containsExactly(AlertState.PENDING, AlertState.FIRING);
            AlertCondition ok = new AlertCondition(AlertOp.ABOVE, THRESHOLD, Optional.empty(), 1, NoDataPolicy.OK);
            assertThat(drive(ok, List.of(Optional.of(new BigDecimal("101")), Optional.empty()))).extracting(SubjectState.Transition::to)
                    .containsExactly(AlertState.FIRING, AlertState.OK);
        }
    }
}
