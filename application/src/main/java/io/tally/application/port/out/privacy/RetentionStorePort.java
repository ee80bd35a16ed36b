package io.tally.application.port.out.privacy;

import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What retention deletes, counted or deleted, per tenant, in bounded batches. */
public interface RetentionStorePort {

    /**
     * What goes: usage events before {@code events} (none: kept), their dedup keys before {@code eventKeys}, rollup slots
     * before {@code rollups} (none: kept), audit entries before {@code audit}, async export jobs made before {@code exports}.
     */
    record Cutoffs(Optional<Instant> events, Optional<Instant> eventKeys, Optional<Instant> rollups, Instant audit, Instant exports) {
    }

    /** Rows per kind. */
    record Counts(long events, long eventKeys, long rollups, long auditEntries, long exportJobs) {
    }

    Counts count(TenantId tenant, Cutoffs cutoffs);

    /** Deletes, each kind in batches of at most {@code batch} rows, each batch its own transaction; answers the rows deleted. */
    Counts delete(TenantId tenant, Cutoffs cutoffs, int batch);

    /** Every tenant. */
    List<TenantId> tenants();

    /** Drops the monthly partitions of usage events that end at or before {@code before}; answers their names. */
    List<String> dropPartitionsBefore(Instant before);
}
