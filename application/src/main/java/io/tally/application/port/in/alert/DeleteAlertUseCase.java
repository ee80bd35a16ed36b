package io.tally.application.port.in.alert;

/** Deletes an alert rule and its states; its history stays in the notifications list. */
public interface DeleteAlertUseCase {

    void deleteAlert(AlertIdCommand command);
}
