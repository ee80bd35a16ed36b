package io.tally.application.port.in.alert;

/** Defines an alert rule (managers and above), armed at once when enabled. */
public interface DefineAlertUseCase {

    AlertView defineAlert(AlertCommand command);
}
