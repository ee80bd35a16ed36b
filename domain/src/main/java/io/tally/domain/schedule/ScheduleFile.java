package io.tally.domain.schedule;

import io.tally.domain.report.ExportFileName;
import io.tally.domain.report.ExportFormat;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A file a run made, kept in the export store until {@code expiresAt}; {@code sha256} is the hex digest of its bytes. */
public record ScheduleFile(UUID id, UUID runId, ExportFormat format, ExportFileName fileName, long rows, long bytes, String sha256,
                           Instant createdAt, Instant expiresAt) {

    public ScheduleFile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The file of a run in a format: the same id however often the run is made, so a run taken over replaces its files. */
    public static UUID idOf(UUID runId, ExportFormat format) {
        return UUID.nameUUIDFromBytes((runId + "/" + format.wireName()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public boolean isExpired(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
