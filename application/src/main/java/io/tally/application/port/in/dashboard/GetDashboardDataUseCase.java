package io.tally.application.port.in.dashboard;

/** Every widget of a dashboard answered at once, concurrently, each from the cache while the tenant's data has not changed. */
public interface GetDashboardDataUseCase {

    DashboardData getDashboardData(DashboardDataQuery query);
}
