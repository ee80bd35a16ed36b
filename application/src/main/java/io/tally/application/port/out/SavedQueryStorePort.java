package io.tally.application.port.out;

import io.tally.domain.query.RunStats;
import io.tally.domain.query.SavedQuery;
import io.tally.domain.query.SavedQueryVersion;
import io.tally.domain.query.Visibility;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Saved queries, every version of each, and their runs. */
public interface SavedQueryStorePort {

    /** Stores a new saved query and its first version. */
    void create(TenantId tenant, SavedQuery query, SavedQueryVersion first);

    Optional<SavedQuery> find(TenantId tenant, UUID id);

    /** The saved query, locked until the transaction ends, so that changes to it follow one another. */
    Optional<SavedQuery> findForUpdate(TenantId tenant, UUID id);

    /** Replaces the query's definition by its next version, which is kept with the others. */
    void update(TenantId tenant, SavedQuery query, SavedQueryVersion version);

    /** Removes the query with its versions and runs; false when there is none. */
    boolean delete(TenantId tenant, UUID id);

    /**
     * The queries {@code subject} sees (its own and the tenant's shared ones), optionally of one visibility, oldest
     * first, after the cursor; at most {@code limit}.
     */
    List<SavedQuery> list(TenantId tenant, String subject, Optional<Visibility> visibility, Optional<Cursor> after, int limit);

    /** Where a list of saved queries goes on: after the query created at this instant with this id. */
    record Cursor(Instant createdAt, UUID id) {
    }

    /** The query's versions, newest first, those before {@code before} (a version number) when given; at most {@code limit}. */
    List<SavedQueryVersion> versions(TenantId tenant, UUID id, Optional<Integer> before, int limit);

    /** Counts a run that took {@code millis}, at {@code at}. */
    void recordRun(TenantId tenant, UUID id, Instant at, long millis);

    /** The run statistics of these queries (those never run have {@link RunStats#NONE}). */
    Map<UUID, RunStats> stats(TenantId tenant, Collection<UUID> ids);
}
