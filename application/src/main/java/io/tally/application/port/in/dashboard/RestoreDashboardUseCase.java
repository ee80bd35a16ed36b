package io.tally.application.port.in.dashboard;

import io.tally.domain.dashboard.Dashboard;

/** Gives one of the tenant's default dashboards its default definition again, as a new version (managers). */
public interface RestoreDashboardUseCase {

    Dashboard restoreDashboard(DashboardIdCommand command);
}
