package io.tally.application.port.in.alert;

import io.tally.application.port.out.alert.AlertStorePort;
import io.tally.domain.alert.AlertRule;
import java.util.List;
import java.util.Optional;

/** A rule, each subject's state, and its last evaluation (empty before the first). */
public record AlertView(AlertRule rule, List<AlertStorePort.StoredState> states, Optional<AlertStorePort.LastEvaluation> lastEvaluation) {
    public AlertView {
        states = List.copyOf(states);
    }
}
