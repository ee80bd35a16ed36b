package io.tally.application.port.in.dashboard;

import io.tally.application.port.in.Page;
import io.tally.domain.dashboard.Dashboard;

/** The dashboards the caller sees, oldest first; the tenant's default dashboards are made the first time. */
public interface ListDashboardsUseCase {

    Page<Dashboard> listDashboards(ListDashboardsQuery query);
}
