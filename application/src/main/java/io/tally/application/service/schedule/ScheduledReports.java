package io.tally.application.service.schedule;

import io.tally.application.port.in.dashboard.DashboardIdQuery;
import io.tally.application.port.in.dashboard.ExportDashboardCommand;
import io.tally.application.port.in.dashboard.GetDashboardUseCase;
import io.tally.application.port.in.report.PreparedExport;
import io.tally.application.service.dashboard.DashboardExportService;
import io.tally.application.service.report.ReportService;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.schedule.ScheduleTarget;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The reports schedules send, made by the report and dashboard services as every export is: checked when a schedule is
 * saved, and prepared when it runs.
 */
public interface ScheduledReports {

    /**
     * Fails unless the actor could export the target in this format now: an {@link InvalidValueException} naming
     * {@code report} or {@code params.<name>}.
     */
    void check(Actor actor, ScheduleTarget target, ExportFormat format, Instant now);

    /**
     * The export of one format for a run: its period resolved at the fire time, noting when its data is complete,
     * recorded under the file's id.
     */
    PreparedExport prepare(Actor actor, ScheduleTarget target, ExportFormat format, Instant fireTime, Instant dataAsOf, UUID fileId);

    /** The reports of the report and dashboard services. */
    static ScheduledReports of(ReportService reports, DashboardExportService dashboardExports, GetDashboardUseCase dashboards) {
        return new ScheduledReports() {
            @Override
            public void check(Actor actor, ScheduleTarget target, ExportFormat format, Instant now) {
                switch (target) {
                    case ScheduleTarget.Template template -> {
                        try {
                            reports.checkExport(actor, template.request(format), now);
                        } catch (InvalidValueException problem) {
                            throw problem.field().equals("report") || problem.field().isEmpty() ? problem
                                    : problem.forField(problem.field().startsWith("params") ? problem.field() : "params." + problem.field());
                        } catch (NotFoundException missing) {
                            throw new InvalidValueException(missing.kind().equals("customer") ? "params.customer" : "report", missing.getMessage());
                        }
                    }
                    case ScheduleTarget.Dashboard dashboard -> {
                        try {
                            dashboards.getDashboard(new DashboardIdQuery(actor, dashboard.id()));
                        } catch (NotFoundException missing) {
                            throw new InvalidValueException("report", "there is no dashboard " + dashboard.id());
                        }
                    }
                }
            }

            @Override
            public PreparedExport prepare(Actor actor, ScheduleTarget target, ExportFormat format, Instant fireTime, Instant dataAsOf, UUID fileId) {
                return switch (target) {
                    case ScheduleTarget.Template template -> reports.prepareScheduled(actor, template.request(format), fireTime, dataAsOf, fileId);
                    case ScheduleTarget.Dashboard dashboard -> dashboardExports.exportScheduled(new ExportDashboardCommand(actor, dashboard.id(),
                            dashboard.filters(), format, false, Optional.empty()), dataAsOf, fileId);
                };
            }
        };
    }
}
