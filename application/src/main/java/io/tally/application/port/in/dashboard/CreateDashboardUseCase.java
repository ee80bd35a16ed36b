package io.tally.application.port.in.dashboard;

import io.tally.domain.dashboard.Dashboard;

/** Makes a dashboard (analysts and above): private, or shared with the tenant. Each widget's query is checked now, with the filters' defaults (else sample values). */
public interface CreateDashboardUseCase {

    Dashboard createDashboard(DashboardCommand command);
}
