package io.tally.application.port.out;

import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * How far a tenant's data has moved: a counter that grows whenever its events, billing facts, customers' profiles,
 * meters or metrics change, kept in the database so that every node sees the same. An answer computed at watermark
 * W is still right while the watermark is W.
 */
public interface DataWatermarkPort {

    /** The tenant's watermark now; {@link Watermark#NONE} when its data never changed. */
    Watermark current(TenantId tenant);

    /** Moves the tenant's watermark on, in the surrounding transaction (it moves when that commits). */
    void advance(TenantId tenant);

    /** A point in the tenant's changes: a number that only grows, and when the change was made. */
    record Watermark(long sequence, Optional<Instant> changedAt) {

        public static final Watermark NONE = new Watermark(0, Optional.empty());
    }
}
