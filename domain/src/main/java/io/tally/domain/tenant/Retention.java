package io.tally.domain.tenant;

import io.tally.domain.common.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a tenant keeps what Tally stores: usage events ({@code events_days}: forever when absent, else at least 30
 * days), audit entries ({@code audit_days}, 730 by default) and async export files ({@code exports_days}, 30), and whether
 * the 15-minute rollups of deleted events are kept ({@code keep_rollups}, true: tenant-wide totals of old periods stay, while
 * per-customer, grouped and filtered figures of those periods, which read events, become 0).
 */
public record Retention(Optional<Integer> eventsDays, int auditDays, int exportsDays, boolean keepRollups) {

    public static final int MIN_EVENTS_DAYS = 30;
    public static final int MIN_AUDIT_DAYS = 30;
    public static final int MAX_DAYS = 36_500;
    public static final int DEFAULT_AUDIT_DAYS = 730;
    public static final int DEFAULT_EXPORTS_DAYS = 30;
    public static final Retention DEFAULT = new Retention(Optional.empty(), DEFAULT_AUDIT_DAYS, DEFAULT_EXPORTS_DAYS, true);

    public Retention {
        Objects.requireNonNull(eventsDays, "eventsDays");
        if (eventsDays.filter(days -> days < MIN_EVENTS_DAYS || days > MAX_DAYS).isPresent()) {
            throw new InvalidValueException("retention.events_days", "must be " + MIN_EVENTS_DAYS + " to " + MAX_DAYS + " days, or null to keep events");
        }
        if (auditDays < MIN_AUDIT_DAYS || auditDays > MAX_DAYS) {
            throw new InvalidValueException("retention.audit_days", "must be " + MIN_AUDIT_DAYS + " to " + MAX_DAYS + " days");
        }
        if (exportsDays < 1 || exportsDays > MAX_DAYS) {
            throw new InvalidValueException("retention.exports_days", "must be 1 to " + MAX_DAYS + " days");
        }
    }

    /** The instants before which each kind of record goes, at {@code now}. */
    public Cutoffs cutoffs(Instant now) {
        return new Cutoffs(eventsDays.map(days -> now.minus(Duration.ofDays(days))), now.minus(Duration.ofDays(auditDays)),
                now.minus(Duration.ofDays(exportsDays)));
    }

    /** Events before {@code events} (none: kept), audit entries before {@code audit}, export jobs made before {@code exports}. */
    public record Cutoffs(Optional<Instant> events, Instant audit, Instant exports) {
    }
}
