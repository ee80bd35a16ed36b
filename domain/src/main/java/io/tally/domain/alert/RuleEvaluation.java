package io.tally.domain.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One evaluation of a rule over all its subjects: each subject's state moved by its value (a subject seen before and
 * missing now is evaluated without a value; a new one starts from {@code ok}), the transitions it made, and which of
 * them are notified: those that {@linkplain SubjectState.Transition#notifies() notify}, unless the rule is muted then
 * (they are recorded all the same).
 */
public record RuleEvaluation(Map<AlertSubject, SubjectState> states, List<Change> changes) {

    public RuleEvaluation {
        states = Map.copyOf(states);
        changes = List.copyOf(changes);
    }

    /** A subject's transition, and whether a notification goes out for it. */
    public record Change(AlertSubject subject, SubjectState.Transition transition, boolean notified) {
        public Change {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(transition, "transition");
        }
    }

    public static RuleEvaluation of(AlertRuleDefinition rule, Map<AlertSubject, SubjectState> before, Map<AlertSubject, Optional<BigDecimal>> values,
                                    Instant at) {
        Set<AlertSubject> subjects = new LinkedHashSet<>(before.keySet());
        subjects.addAll(values.keySet());
        boolean muted = rule.isMuted(at);
        Map<AlertSubject, SubjectState> after = new LinkedHashMap<>();
        List<Change> changes = new ArrayList<>();
        for (AlertSubject subject : subjects) {
            SubjectState state = before.getOrDefault(subject, SubjectState.initial(at));
            SubjectState.Outcome outcome = state.evaluate(rule.condition(), values.getOrDefault(subject, Optional.empty()), at);
            after.put(subject, outcome.next());
            outcome.transition().ifPresent(transition -> changes.add(new Change(subject, transition, transition.notifies() && !muted)));
        }
        return new RuleEvaluation(after, changes);
    }
}
