package io.tally.application.port.in.alert;

/** Replaces an alert rule's definition (managers and above). */
public interface ChangeAlertUseCase {

    AlertView changeAlert(ChangeAlertCommand command);
}
