package io.tally.application.port.out;

import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.dashboard.DashboardVersion;
import io.tally.domain.query.Visibility;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Dashboards, every version of each, and whether a tenant's default dashboards were made. */
public interface DashboardStorePort {

    /** Stores a new dashboard and its first version. */
    void create(TenantId tenant, Dashboard dashboard, DashboardVersion first);

    Optional<Dashboard> find(TenantId tenant, UUID id);

    /** The dashboard, locked until the transaction ends, so that changes to it follow one another. */
    Optional<Dashboard> findForUpdate(TenantId tenant, UUID id);

    /** Replaces the dashboard's definition by its next version, which is kept with the others. */
    void update(TenantId tenant, Dashboard dashboard, DashboardVersion version);

    /** Removes the dashboard with its versions; false when there is none. */
    boolean delete(TenantId tenant, UUID id);

    /** The dashboards {@code subject} sees (its own and the tenant's shared ones), oldest first, after the cursor; at most {@code limit}. */
    List<Dashboard> list(TenantId tenant, String subject, Optional<Visibility> visibility, Optional<Cursor> after, int limit);

    /** Where a list of dashboards goes on: after the dashboard created at this instant with this id. */
    record Cursor(Instant createdAt, UUID id) {
    }

    /** The dashboard's versions, newest first, those before {@code before} when given; at most {@code limit}. */
    List<DashboardVersion> versions(TenantId tenant, UUID id, Optional<Integer> before, int limit);

    /**
     * Claims the making of the tenant's default dashboards: true for exactly one caller, the first (across nodes);
     * the claim commits with the surrounding transaction, so a claim whose dashboards were not stored is not kept.
     */
    boolean claimDefaults(TenantId tenant, Instant now);
}
