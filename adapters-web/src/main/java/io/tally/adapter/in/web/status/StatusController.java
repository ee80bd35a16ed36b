package io.tally.adapter.in.web.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.application.port.in.status.OperationsStatusUseCase;
import io.tally.application.port.in.status.TenantStatus;
import io.tally.application.port.out.operations.OperationsStatusPort.Failing;
import io.tally.application.port.out.operations.OperationsStatusPort.TenantFigures;
import io.tally.domain.access.Actor;
import io.tally.domain.tenant.Retention;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

@Tag(name = "Admin: status")
@Controller("/api/v1/status")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRoles.ADMIN)
@ProblemResponses.Secured
class StatusController {

    private final OperationsStatusUseCase status;

    StatusController(OperationsStatusUseCase status) {
        this.status = status;
    }

    /**
     * The tenant's status (admin): events stored and the last one received, how far the rollups lag behind ingestion,
     * export jobs queued, running and failed in the last 7 days, schedules whose latest run failed, alert rules whose last
     * evaluation failed, the retention policy with the oldest event kept, and privacy requests open and overdue.
     * {@code health} is {@code degraded} when any of failing schedules or rules, failed exports or overdue requests is
     * there, else {@code ok}.
     *
     * @return the tenant's status now
     */
    @Get
    StatusResponse tenantStatus(@Parameter(hidden = true) Actor actor) {
        return StatusResponse.of(status.tenantStatus(actor));
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record StatusResponse(Instant at, String health, Events events, Rollups rollups, Exports exports, FailingList schedules,
                          FailingList alerts, RetentionResponse retention, PrivacyRequests privacyRequests) {

        static StatusResponse of(TenantStatus status) {
            TenantFigures figures = status.figures();
            return new StatusResponse(status.at(), status.health(),
                    new Events(figures.eventsStored(), figures.lastEventReceivedAt().orElse(null), figures.oldestEventAt().orElse(null)),
                    new Rollups(BigDecimal.valueOf(status.rollupLag().toMillis(), 3), figures.oldestPendingDelta().orElse(null)),
                    new Exports(figures.exportsQueued(), figures.exportsRunning(), figures.exportsFailedLastWeek()),
                    new FailingList(figures.failingSchedules().stream().map(FailingItem::of).toList()),
                    new FailingList(figures.failingAlertRules().stream().map(FailingItem::of).toList()),
                    RetentionResponse.of(status.retention()),
                    new PrivacyRequests(figures.privacyOpen(), figures.privacyOverdue()));
        }
    }

    /**
     * {@code stored} counts the events kept, as the figures count them (the {@code api.call} and {@code export.generated}
     * events Tally records of the tenant's use of its API included);
     * {@code oldest_at} is the start of the 15-minute slot of the oldest event kept.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Events(long stored, @Nullable Instant lastReceivedAt, @Nullable Instant oldestAt) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Rollups(BigDecimal lagSeconds, @Nullable Instant oldestPendingAt) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Exports(long queued, long running, @JsonProperty("failed_last_7_days") long failedLast7Days) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record FailingList(List<FailingItem> failing) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record FailingItem(String id, String name, Instant since, String error) {

        static FailingItem of(Failing failing) {
            return new FailingItem(failing.id().toString(), failing.name(), failing.since(), failing.error());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RetentionResponse(@Nullable Integer eventsDays, int auditDays, int exportsDays, boolean keepRollups) {

        static RetentionResponse of(Retention retention) {
            return new RetentionResponse(retention.eventsDays().orElse(null), retention.auditDays(), retention.exportsDays(),
                    retention.keepRollups());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record PrivacyRequests(long open, long overdue) {
    }
}
