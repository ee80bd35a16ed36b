package io.tally.application.port.in.dashboard;

import io.tally.domain.dashboard.Dashboard;

/** Copies a dashboard the caller sees into a new private one of its own. */
public interface CopyDashboardUseCase {

    Dashboard copyDashboard(DashboardIdCommand command);
}
