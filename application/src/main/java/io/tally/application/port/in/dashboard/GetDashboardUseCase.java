package io.tally.application.port.in.dashboard;

import io.tally.domain.dashboard.Dashboard;

/** A dashboard the caller sees. */
public interface GetDashboardUseCase {

    Dashboard getDashboard(DashboardIdQuery query);
}
