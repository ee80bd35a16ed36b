package io.tally.application.port.in.alert;

/** One alert rule with its current states. */
public interface GetAlertUseCase {

    AlertView getAlert(AlertIdQuery query);
}
