package io.tally.application.port.in.alert.admin;

import java.util.List;

/** Evaluates every enabled rule of the tenant now (admins), answering what changed. */
public interface CheckAlertsUseCase {

    List<AlertCheck> checkAlerts(CheckAlertsCommand command);
}
