package io.tally.application.port.in.dashboard;

import io.tally.application.port.in.report.PreparedExport;

/**
 * Exports a dashboard through the report model: its cards as key figures, its charts as charts (with their
 * figures in tables), its tables as tables; the same answers as its data call. Counted as usage and audited, as every
 * export is.
 */
public interface ExportDashboardUseCase {

    PreparedExport exportDashboard(ExportDashboardCommand command);
}
