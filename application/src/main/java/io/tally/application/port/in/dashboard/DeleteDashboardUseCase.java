package io.tally.application.port.in.dashboard;

/** Deletes a dashboard with its versions: its owner may, and a manager when it is shared; a default dashboard is restored, not deleted. */
public interface DeleteDashboardUseCase {

    void deleteDashboard(DashboardIdCommand command);
}
