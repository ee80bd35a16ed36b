package io.tally.application.port.in.alert;

import io.tally.domain.alert.AlertEvent;

/** Sends a notification marked as a test through the rule's channels; changes no state. */
public interface TestAlertUseCase {

    AlertEvent testAlert(AlertIdCommand command);
}
