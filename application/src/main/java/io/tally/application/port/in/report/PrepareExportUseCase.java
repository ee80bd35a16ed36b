package io.tally.application.port.in.report;

/** Checks and prepares a synchronous export of a report or of a customer's usage history. */
public interface PrepareExportUseCase {

    PreparedExport prepareExport(ExportCommand command);
}
