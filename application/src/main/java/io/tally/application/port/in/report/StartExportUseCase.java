package io.tally.application.port.in.report;

import io.tally.domain.report.ExportJob;

/** Queues an async export after the same checks a synchronous one gets. */
public interface StartExportUseCase {

    ExportJob startExport(ExportCommand command);
}
