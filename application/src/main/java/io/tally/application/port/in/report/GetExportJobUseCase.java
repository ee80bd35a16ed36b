package io.tally.application.port.in.report;

import io.tally.domain.report.ExportJob;

/** An async export's status; another tenant's job does not exist for the caller. */
public interface GetExportJobUseCase {

    ExportJob getExportJob(ExportJobQuery query);
}
