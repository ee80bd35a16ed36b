package io.tally.adapter.in.web.tenant;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.application.port.in.privacy.CleanupCommand;
import io.tally.application.port.in.privacy.CleanupReport;
import io.tally.application.port.in.privacy.CleanupUseCase;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tenant's retention cleanup, now or as a dry run. */
@Tag(name = "Admin")
@Controller("/api/v1/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemResponses.Secured
class RetentionController {

    private final CleanupUseCase cleanup;

    RetentionController(CleanupUseCase cleanup) {
        this.cleanup = cleanup;
    }

    /**
     * Runs the tenant's retention cleanup now (admin and above), as the daily job does: usage events older than
     * {@code retention.events_days}, audit entries older than {@code audit_days}, async export jobs older than
     * {@code exports_days}, and the rollups of deleted events unless {@code keep_rollups}. With {@code {"dry_run": true}} it
     * counts the same rows and deletes nothing.
     *
     * @param body {@code {"dry_run": true}} or {@code {"dry_run": false}} (the default)
     * @return the cutoffs and the rows deleted (or that would be)
     */
    @Post("/cleanup")
    @Secured(SecurityRoles.ADMIN)
    @ProblemResponses.BadRequest
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    Map<String, Object> cleanup(@Parameter(hidden = true) Actor actor, @Body @Nullable Map<String, Object> body) {
        Object dryRun = body == null ? null : body.get("dry_run");
        if (body != null) {
            for (String field : body.keySet()) {
                if (!field.equals("dry_run")) {
                    throw new InvalidValueException(field, "is not a field here; send {\"dry_run\": true} or {\"dry_run\": false}");
                }
            }
        }
        if (dryRun != null && !(dryRun instanceof Boolean)) {
            throw new InvalidValueException("dry_run", "must be true or false");
        }
        CleanupReport report = cleanup.cleanup(new CleanupCommand(actor, Boolean.TRUE.equals(dryRun)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dry_run", report.dryRun());
        json.put("at", report.at().toString());
        json.put("retention", TenantResponse.retention(report.retention()));
        Map<String, Object> cutoffs = new LinkedHashMap<>();
        cutoffs.put("events_before", report.cutoffs().events().map(Object::toString).orElse(null));
        cutoffs.put("event_keys_before", report.cutoffs().eventKeys().map(Object::toString).orElse(null));
        cutoffs.put("rollups_before", report.cutoffs().rollups().map(Object::toString).orElse(null));
        cutoffs.put("audit_before", report.cutoffs().audit().toString());
        cutoffs.put("exports_before", report.cutoffs().exports().toString());
        json.put("cutoffs", cutoffs);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("events", report.counts().events());
        counts.put("event_keys", report.counts().eventKeys());
        counts.put("rollups", report.counts().rollups());
        counts.put("audit_entries", report.counts().auditEntries());
        counts.put("export_jobs", report.counts().exportJobs());
        json.put(report.dryRun() ? "would_delete" : "deleted", counts);
        return json;
    }
}
