package io.tally.application.port.in.dashboard;

import io.tally.application.port.in.Page;
import io.tally.domain.dashboard.DashboardVersion;

/** A dashboard's versions, newest first (the first is the current one). */
public interface ListDashboardVersionsUseCase {

    Page<DashboardVersion> listDashboardVersions(ListDashboardVersionsQuery query);
}
