package io.tally.application.port.in.dashboard;

import io.tally.domain.dashboard.Dashboard;

/** Replaces a dashboard's definition by a new version, keeping the previous one: its owner may, and a manager when it is shared. */
public interface ChangeDashboardUseCase {

    Dashboard changeDashboard(ChangeDashboardCommand command);
}
