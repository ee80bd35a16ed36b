package io.tally.adapter.in.web.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.report.ExportFileName;
import io.tally.domain.report.ExportJob;
import io.tally.domain.report.ExportStatus;
import java.time.Instant;

/** An async export as the API shows it; {@code file_url} once it has succeeded. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record ExportJobResponse(String id, String status, String report, @Nullable String customer, String format, @Nullable Long rows,
                         @Nullable Long bytes, @Nullable String fileName, @Nullable String fileUrl, @Nullable String error, Instant createdAt,
                         @Nullable Instant finishedAt, @Nullable Instant expiresAt) {

    static ExportJobResponse of(ExportJob job) {
        boolean ready = job.status() == ExportStatus.SUCCEEDED;
        return new ExportJobResponse(job.id().toString(), job.status().wireName(), job.request().report().value(),
                job.request().customer().map(CustomerId::value).orElse(null), job.request().format().wireName(), job.rows().orElse(null),
                job.bytes().orElse(null), job.fileName().map(ExportFileName::name).orElse(null),
                ready ? "/api/v1/exports/" + job.id() + "/file" : null, job.error().orElse(null), job.createdAt(),
                job.finishedAt().orElse(null), job.expiresAt().orElse(null));
    }
}
