package io.tally.application.service.schedule;

import io.tally.application.port.in.dashboard.ExportDashboardCommand;
import io.tally.application.port.in.report.PreparedExport;
import io.tally.application.service.dashboard.DashboardExportService;
import io.tally.application.service.report.ReportService;
import io.tally.domain.access.Actor;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.schedule.ScheduleTarget;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * How a run gets its reports: a template's or a dashboard's export of one format, its period resolved at the fire time,
 * noting when its data is complete, recorded under the file's id. The reports and dashboards services make them, as
 * they make every export.
 */
@FunctionalInterface
public interface RunReports {

    PreparedExport prepare(Actor actor, ScheduleTarget target, ExportFormat format, Instant fireTime, Instant dataAsOf, UUID fileId);

    /** The reports of the report and dashboard services. */
    static RunReports of(ReportService reports, DashboardExportService dashboards) {
        return (actor, target, format, fireTime, dataAsOf, fileId) -> switch (target) {
            case ScheduleTarget.Template template -> reports.prepareScheduled(actor, template.request(format), fireTime, dataAsOf, fileId);
            case ScheduleTarget.Dashboard dashboard -> dashboards.exportScheduled(new ExportDashboardCommand(actor, dashboard.id(),
                    dashboard.filters(), format, false, Optional.empty()), dataAsOf, fileId);
        };
    }
}
