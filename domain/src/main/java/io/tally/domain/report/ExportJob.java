package io.tally.domain.report;

import io.tally.domain.access.Actor;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An async export: who asked (the actor it runs as), what, and how it went. {@code rows} and {@code bytes}
 * are known once it succeeded; its file can be downloaded until {@code expiresAt}.
 */
public record ExportJob(UUID id, Actor requester, ExportRequest request, ExportStatus status, int attempts, Optional<Long> rows,
                        Optional<Long> bytes, Optional<ExportFileName> fileName, Optional<String> error, Instant createdAt,
                        Optional<Instant> finishedAt, Optional<Instant> expiresAt) {

    public ExportJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A job just asked for. */
    public static ExportJob queued(UUID id, Actor requester, ExportRequest request, Instant now) {
        return new ExportJob(id, requester, request, ExportStatus.QUEUED, 0, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), now, Optional.empty(), Optional.empty());
    }
}
