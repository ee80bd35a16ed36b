package io.tally.application.port.in.alert;

import io.tally.application.port.in.Page;
import io.tally.domain.alert.AlertEvent;

/** Lists alert rules, a rule's history, and the notifications across rules. */
public interface ListAlertsUseCase {

    Page<AlertView> listAlerts(ListAlertsQuery query);

    Page<AlertEvent> listAlertHistory(AlertHistoryQuery query);

    Page<AlertEvent> listAlertEvents(AlertEventsQuery query);
}
