package io.tally.domain.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule's state for one subject, and how an evaluation moves it:
 * <ul>
 * <li>a breach moves {@code ok}, {@code no_data} or {@code pending} to {@code pending}, or to {@code firing} at the
 * rule's {@code for_evaluations}-th breach in a row (notified); {@code firing} stays;</li>
 * <li>a safe value moves {@code pending} and {@code no_data} to {@code ok}; {@code firing} goes back to {@code ok}
 * (notified as resolved) only once the value clears, and stays firing in between;</li>
 * <li>no value, under the {@code no_data} policy, moves {@code ok} and {@code pending} to {@code no_data}; a firing
 * subject stays firing (no data never resolves it). The other policies count it as a safe value or a breach.</li>
 * </ul>
 *
 * @param breaches breaches in a row so far
 * @param since when the subject entered its state
 */
public record SubjectState(AlertState state, int breaches, Instant since) {

    public SubjectState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    /** A subject never evaluated. */
    public static SubjectState initial(Instant at) {
        return new SubjectState(AlertState.OK, 0, at);
    }

    /** An evaluation's outcome: the state after it, and the change it made if any. */
    public record Outcome(SubjectState next, Optional<Transition> transition) {
    }

    /** A change of state; {@code notifies} when it is the change to {@code firing} or from {@code firing} back to {@code ok}. */
    public record Transition(AlertState from, AlertState to, Optional<BigDecimal> value, Instant at) {

        public boolean notifies() {
            return to == AlertState.FIRING || (from == AlertState.FIRING && to == AlertState.OK);
        }

        /** Whether it is the notice that a firing alert is over. */
        public boolean resolves() {
            return from == AlertState.FIRING && to == AlertState.OK;
        }
    }

    /** The state after an evaluation at {@code at} that gave {@code value} (empty: no data). */
    public Outcome evaluate(AlertCondition condition, Optional<BigDecimal> value, Instant at) {
        Boolean breach = value.map(condition::breaches).orElse(switch (condition.noData()) {
            case OK -> Boolean.FALSE;
            case BREACHING -> Boolean.TRUE;
            case NO_DATA -> null;
        });
        if (breach == null) {
            return state == AlertState.FIRING || state == AlertState.NO_DATA ? unchanged() : move(AlertState.NO_DATA, 0, value, at);
        }
        if (breach) {
            if (state == AlertState.FIRING) {
                return new Outcome(new SubjectState(state, breaches + 1, since), Optional.empty());
            }
            int inARow = state == AlertState.PENDING ? breaches + 1 : 1;
            return move(inARow >= condition.forEvaluations() ? AlertState.FIRING : AlertState.PENDING, inARow, value, at);
        }
        if (state == AlertState.FIRING) {
            boolean clears = value.map(condition::clears).orElse(true);
            return clears ? move(AlertState.OK, 0, value, at) : new Outcome(new SubjectState(state, 0, since), Optional.empty());
        }
        return state == AlertState.OK ? unchanged() : move(AlertState.OK, 0, value, at);
    }

    private Outcome unchanged() {
        return new Outcome(this, Optional.empty());
    }

    private Outcome move(AlertState to, int inARow, Optional<BigDecimal> value, Instant at) {
        SubjectState next = new SubjectState(to, inARow, to == state ? since : at);
        return new Outcome(next, to == state ? Optional.empty() : Optional.of(new Transition(state, to, value, at)));
    }
}
